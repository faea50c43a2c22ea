"""Extract: attributions, claims, certainty, time horizons and actors from each stored article."""
