"""Values read from ``Doc.to_array`` in bulk equal what the ``Token`` attributes say."""

from __future__ import annotations

from heuer.extract.certainty import _heads
from heuer.extract.nlp import doc_text
from tests.conftest import article_text

TEXTS = [
    "",
    " ",
    "\n\n  Two spaces,  a tab\tand\u00a0a no-break space.  \n",
    "“Quoted,” she said. Élysée officials didn't comment!",
    article_text(7),
]


def test_doc_text_is_doc_text(nlp):
    for doc in nlp.pipe(TEXTS):
        assert doc_text(doc) == doc.text
        assert doc_text(doc) is doc_text(doc)  # kept on the Doc


def test_heads_are_token_heads(nlp):
    for doc in nlp.pipe(TEXTS):
        assert _heads(doc) == [t.head.i for t in doc]
