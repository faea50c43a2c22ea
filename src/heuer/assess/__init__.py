"""Assessment: questions with competing hypotheses, stance of the evidence, the ACH matrix, pooling."""
