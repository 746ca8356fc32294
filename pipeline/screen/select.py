"""Which program of a guide (and which track) a submission applies to.

Why character bigrams: application titles wrap the program name in
boilerplate (2022年度江苏省…项目申报书) and drop or add words (计划, 示范中心);
the share of the program name's bigrams found in the title survives that,
while word segmentation of unseen names would not. The applicant type breaks
ties between tracks written for different applicants (企业 vs 高校院所).
When bigrams find no program or several, the semantic layer's match_program
gets one try (a reworded title: 地标商标品牌建设 for 地理标志商标品牌培育), under
stricter gates than its own (pipeline/data/explain.yaml `program_match`),
because a wrong program screens the application against the wrong rules.
"""
from __future__ import annotations

import re

from extractors import lexicon, textsim
from models.claims import ApplicationClaims
from models.schema import GuideSchema, Program, Track
from pipeline.screen import explain
from pipeline.screen.checks.base import expand_types, track_key

_NOISE = re.compile(r"[\s\d（）()《》“”\"、，,。:：\-—]+|" + lexicon.alternation("title_noise_words"))
_MIN = 0.5


class ProgramSelectionError(Exception):
    """No program, or more than one, fits; the message lists the guide's programs for staff."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def _bigrams(s: str) -> set[str]:
    return textsim.bigrams(_NOISE.sub("", s or ""), keep_single=True)


def containment(name: str, text: str) -> float:
    """Share of `name`'s bigrams that occur in `text`."""
    a, b = _bigrams(name), _bigrams(text)
    return len(a & b) / len(a) if a else 0.0


def overlap(name: str, text: str) -> tuple[int, float]:
    """(shared bigrams, share): the share of the name found in the text, or of a short
    label (申报类别 高校院所) found in the name, whichever is larger."""
    a, b = _bigrams(name), _bigrams(text)
    hit = len(a & b)
    if not a or not b:
        return 0, 0.0
    share = hit / len(a)
    if len(b) >= 3:
        share = max(share, hit / len(b))
    return hit, share


def dice(a: str, b: str) -> float:
    x, y = _bigrams(a), _bigrams(b)
    return 2 * len(x & y) / (len(x) + len(y)) if x and y else 0.0


def listing(schema: GuideSchema) -> str:
    lines = []
    for p in schema.programs:
        tracks = f"（类别：{'、'.join(f'{t.id} {t.name}' if t.id else t.name for t in p.tracks)}）" if p.tracks else ""
        lines.append(f"  - {p.id} {p.name}{tracks}")
    return "指南包含以下项目：\n" + "\n".join(lines) + "\n请用 --program 指定项目编号或名称。"


def track_types(program: Program, track: Track) -> set[str]:
    """Applicant types a track is for: its own list, else those of the conditions restricted to it."""
    if track.applicant_types:
        return expand_types(track.applicant_types)
    out: set[str] = set()
    for c in program.conditions:
        if {track.id, track.name} & set(c.tracks):
            out |= expand_types(c.applies_to)
    return out


def _program_types(p: Program) -> set[str]:
    types = expand_types(p.applicant_types)
    for t in p.tracks:
        types |= track_types(p, t)
    return types


def _texts(claims: ApplicationClaims) -> list[str]:
    return [c.value for c in (claims.program_name, claims.track) if c is not None and c.value]


def _fallback_texts(claims: ApplicationClaims) -> list[str]:
    """Attachment titles (2022年度省专利转化专项计划项目申报表) name the program when the cover does not."""
    return [a.name for a in claims.attachments if len(_bigrams(a.name)) >= 6]


def _score(p: Program, texts: list[str]) -> tuple[int, float]:
    """(bigrams of the program or track name found in the title, share of the name found)."""
    best = (0, 0.0)
    for text in texts:
        for name in [p.name] + [t.name for t in p.tracks]:
            hit, share = overlap(name, text)
            if share >= _MIN and (hit, share) > best:
                best = (hit, share)
    return best


def by_override(schema: GuideSchema, wanted: str) -> Program:
    exact = [p for p in schema.programs if wanted in (p.id, p.name)]
    if len(exact) == 1:
        return exact[0]
    scored = sorted(((containment(wanted, p.name) + containment(p.name, wanted), p) for p in schema.programs),
                    key=lambda x: -x[0])
    if scored and scored[0][0] >= 1.0 and (len(scored) == 1 or scored[0][0] - scored[1][0] > 0.2):
        return scored[0][1]
    raise ProgramSelectionError("program_not_found", f"指南中没有与“{wanted}”对应的项目。\n{listing(schema)}")


def select_track(program: Program, claims: ApplicationClaims, track: str | None = None) -> str | None:
    """The override, else 申报类别 / the title, else the one track written for this applicant type."""
    if not program.tracks:
        return None
    for text in ([track] if track else []) + _texts(claims):
        exact = [t for t in program.tracks if text in (t.id, t.name)]
        if exact:
            return track_key(exact[0])
        scored = [(overlap(t.name, text)[1], t) for t in program.tracks]
        top = max(s for s, _ in scored)
        if top >= _MIN:
            pick = _prefer_type(program, claims, [t for s, t in scored if s == top])
            if pick:
                return pick
    return _prefer_type(program, claims, program.tracks)


def _prefer_type(program: Program, claims: ApplicationClaims, tracks: list[Track]) -> str | None:
    if len(tracks) == 1:
        return track_key(tracks[0])
    if claims.applicant_type is None:
        return None
    kind = claims.applicant_type.value
    fits = [t for t in tracks if kind in track_types(program, t)]
    return track_key(fits[0]) if len(fits) == 1 else None


def select_program(
    schema: GuideSchema, claims: ApplicationClaims, program: str | None = None, track: str | None = None
) -> tuple[Program, str | None]:
    if not schema.programs:
        raise ProgramSelectionError("program_not_found", "指南中未解析出任何项目，无法筛查。")
    if program:
        chosen = by_override(schema, program)
    elif len(schema.programs) == 1:
        chosen = schema.programs[0]
    else:
        chosen = _detect(schema, claims)
    return chosen, select_track(chosen, claims, track)


def _similar(schema: GuideSchema, claims: ApplicationClaims, among: list[Program]) -> Program | None:
    """The program the stated name is semantically closest to, if clearly so and among `among`."""
    from extractors.semantic import get_backend
    from extractors.semantic.align import match_program

    # the boilerplate (2022年度…申报书) says nothing about which program and dilutes similarity
    stated = _NOISE.sub("", claims.program_name.value or "") if claims.program_name is not None else ""
    if not stated:
        return None
    emb = get_backend()  # one per process: the guide's names are featurized once per batch worker
    names = [p.name for p in schema.programs]
    idx, _ = match_program(stated, names, emb)
    if idx is None:
        return None
    named = _NOISE.sub("", schema.programs[idx].name)
    if not (named and named in stated):
        # not literally named in the title (match_program also scores 1.0 for a title
        # contained in several longer names): the similarity must be clear
        gates = explain.texts().get("program_match", {})
        floor = float((gates.get("floor") or {}).get(emb.name, 1.0))
        margin = float((gates.get("margin") or {}).get(emb.name, 1.0))
        row = emb.similarity([stated], names)[0]
        runner_up = max((s for i, s in enumerate(row) if i != idx), default=0.0)
        if row[idx] < floor or row[idx] - runner_up < margin:
            return None
    chosen = schema.programs[idx]
    return chosen if any(chosen is p for p in among) else None


def _detect(schema: GuideSchema, claims: ApplicationClaims) -> Program:
    texts = _texts(claims)
    scored = sorted(((_score(p, texts), i, p) for i, p in enumerate(schema.programs)), key=lambda x: (-x[0][0], x[1]))
    if scored[0][0][0] == 0 and _fallback_texts(claims):
        extra = sorted(((_score(p, _fallback_texts(claims)), i, p) for i, p in enumerate(schema.programs)),
                       key=lambda x: (-x[0][0], x[1]))
        if extra[0][0][0] > 0:
            texts, scored = texts + _fallback_texts(claims), extra
    if not texts:
        raise ProgramSelectionError("program_ambiguous", f"申报材料未注明申报项目名称，无法确定申报项目。\n{listing(schema)}")
    top = scored[0][0][0]
    if top == 0:
        similar = _similar(schema, claims, schema.programs)
        if similar is not None:
            return similar
        raise ProgramSelectionError(
            "program_not_found", f"申报项目“{texts[0]}”与指南中的项目均不对应。\n{listing(schema)}"
        )
    tied = [p for s, _, p in scored if s[0] == top]
    if len(tied) > 1 and claims.applicant_type is not None:
        fits = [p for p in tied if claims.applicant_type.value in _program_types(p)]
        if len(fits) >= 1:
            tied = fits
    if len(tied) > 1:
        similar = _similar(schema, claims, tied)
        if similar is not None:
            return similar
        names = "、".join(p.name for p in tied)
        raise ProgramSelectionError(
            "program_ambiguous", f"申报项目“{texts[0]}”可能对应多个项目（{names}）。\n{listing(schema)}"
        )
    return tied[0]
