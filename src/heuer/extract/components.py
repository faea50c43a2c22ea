"""heuer's spaCy components, declared thinly: each calls plain functions and stores their records on
the Doc (``doc._.heuer_*``). Logic lives in the modules named in each docstring.

Order in the pipeline: actors -> attribution -> sources -> claims -> certainty -> time. The publication
date that horizons are resolved against travels in ``doc.user_data["heuer_published"]``.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from heuer.extract.actors import (
    ActorRegistry,
    classify_source,
    find_intermediary,
    gazetteer,
    resolve_mentions,
)
from heuer.extract.attribution import FAST, encoder_for, extract_attributions
from heuer.extract.claims import add_certainty, add_horizons, build_claims

EXTENSIONS = ("heuer_mentions", "heuer_actors", "heuer_attributions", "heuer_claims")
for _name in EXTENSIONS:
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

PUBLISHED = "heuer_published"
COMPONENTS = (
    "heuer_actors",
    "heuer_attribution",
    "heuer_sources",
    "heuer_claims",
    "heuer_certainty",
    "heuer_time",
)


class ActorsComponent:
    """Named actors resolved against the gazetteer and the corpus registry (``extract.actors``)."""

    def __init__(self) -> None:
        self.registry = ActorRegistry()

    def __call__(self, doc: Doc) -> Doc:
        mentions, _ = resolve_mentions(doc, self.registry)
        doc._.heuer_mentions = mentions
        ids = {m.actor_id for m in mentions}
        doc._.heuer_actors = [a for a in (self.registry.get(i) for i in sorted(ids)) if a is not None]
        return doc


@Language.factory("heuer_actors")
def make_actors(nlp: Language, name: str) -> ActorsComponent:
    return ActorsComponent()


class AttributionComponent:
    """Sources, cues and contents (``extract.attribution``). ``mode`` "fast": CRF taggers trained on
    PolNeAR; "accurate": the fine-tuned encoder of the ``semantic`` extra (``attribution_encoder``)."""

    def __init__(self, mode: str) -> None:
        encoder_for(mode)  # fail at build time, not on the first article
        self.mode = mode

    def __call__(self, doc: Doc) -> Doc:
        doc._.heuer_attributions = extract_attributions(doc, mode=self.mode)
        return doc


@Language.factory("heuer_attribution", default_config={"mode": FAST})
def make_attribution(nlp: Language, name: str, mode: str) -> AttributionComponent:
    return AttributionComponent(mode)


class SourcesComponent:
    """Each attribution's source kind and actor, and the intermediary it came through (``extract.actors``)."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp

    def __call__(self, doc: Doc) -> Doc:
        registry = (
            self.nlp.get_pipe("heuer_actors").registry if "heuer_actors" in self.nlp.pipe_names else None
        )
        for att in doc._.heuer_attributions or []:
            span = None
            if att.source:
                span = doc.char_span(att.source[0][0], att.source[-1][1], alignment_mode="expand")
                if att.resolved_from:
                    ante = doc.char_span(
                        att.resolved_from[0][0], att.resolved_from[-1][1], alignment_mode="expand"
                    )
                    span = ante or span
            text = span.text if span is not None else None
            att.source_kind, att.source_actor = classify_source(text, span, registry)
            if att.via:
                cue = doc.char_span(att.cue[0][0], att.cue[-1][1], alignment_mode="expand")
                context = cue.sent.text if cue is not None else None
                known = find_intermediary(att.via, context) or find_intermediary(context or "", None)
                # An outlet the gazetteer does not list is still an intermediary, under its own name.
                att.via = known or (registry.named("media", _bare(att.via)) if registry is not None else None)
        if registry is not None:
            have = {a.id for a in doc._.heuer_actors or []}
            named = {x for a in doc._.heuer_attributions or [] for x in (a.source_actor, a.via) if x}
            for actor_id in sorted(named - have):
                actor = registry.get(actor_id) or gazetteer().actors.get(actor_id)
                if actor is not None:
                    doc._.heuer_actors = [*(doc._.heuer_actors or []), actor]
        return doc


def _bare(name: str) -> str:
    """An outlet's name without a leading article: "the Daily Planet" -> "Daily Planet"."""
    return name[4:] if name.lower().startswith("the ") else name


@Language.factory("heuer_sources")
def make_sources(nlp: Language, name: str) -> SourcesComponent:
    return SourcesComponent(nlp)


@Language.component("heuer_claims")
def claims_component(doc: Doc) -> Doc:
    """Claims with polarity, mode and voice (``extract.claims``)."""
    doc._.heuer_claims = build_claims(doc, doc._.heuer_attributions or [], "", doc._.heuer_mentions or [])
    return doc


@Language.component("heuer_certainty")
def certainty_component(doc: Doc) -> Doc:
    """Estimative language to probabilities (``extract.certainty``)."""
    add_certainty(doc, doc._.heuer_claims or [])
    return doc


@Language.component("heuer_time")
def time_component(doc: Doc) -> Doc:
    """Time horizons against the publication date (``extract.time``)."""
    add_horizons(doc, doc._.heuer_claims or [], doc.user_data.get(PUBLISHED))
    return doc
