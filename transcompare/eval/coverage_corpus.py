"""The constructed coverage corpus (``data/eval/coverage/``): load, validate, write as article files.

Each event file holds the event, its cast, its statements and every outlet's article sentence by sentence with
its gold annotation (see ``data/eval/coverage/README.md``). :func:`load_events` validates them (one line per
problem, naming the file and the item); :func:`write_articles` writes the articles as Markdown files with
front matter, and returns for every article the character span of each gold sentence in its cleaned text
(``"\\n\\n".join(paragraphs)``), so predicted sentences can be mapped back to gold ones.

    python -m transcompare.eval.coverage_corpus validate [FILE ...]
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2] / "data" / "eval" / "coverage"
VERB_CLASSES = ("neutral", "assertive", "distancing", "negative", "warn", "admit", "announce", "other", "")
QUOTE_TYPES = ("direct", "indirect", "none")
LANGS = ("en", "es", "pt", "fr", "de", "ru", "ar", "he", "it", "ca")


@dataclass
class GoldSentence:
    text: str
    statements: list[str]
    speaker: str = ""
    speaker_as_written: str = ""
    verb: str = ""
    verb_en: str = ""
    verb_class: str = ""
    quote: str = "none"
    according_to: bool = False
    altered: bool = False
    altered_note: str = ""
    paragraph: int = 0
    start: int = 0  # span in the article's cleaned text
    end: int = 0


@dataclass
class GoldArticle:
    id: str
    outlet: str
    lang: str
    published: str
    byline: str
    paragraphs: list[list[GoldSentence]]

    @property
    def sentences(self) -> list[GoldSentence]:
        return [s for p in self.paragraphs for s in p]

    def paragraph_texts(self) -> list[str]:
        return [" ".join(s.text for s in p) for p in self.paragraphs]


@dataclass
class Event:
    event: str
    kind: str
    split: str
    summary: str
    date: str
    cast: dict[str, dict]
    statements: dict[str, str]
    articles: list[GoldArticle] = field(default_factory=list)
    path: Path | None = None


class CorpusError(ValueError):
    pass


def _sentence(raw: dict, where: str, cast: dict, statements: dict, problems: list[str]) -> GoldSentence:
    if not isinstance(raw, dict) or "text" not in raw:
        problems.append(f"{where}: an item needs at least 'text'")
        return GoldSentence(text=str(raw), statements=[])
    known = set(GoldSentence.__dataclass_fields__) - {"paragraph", "start", "end"}
    for k in raw:
        if k not in known:
            problems.append(f"{where}: unknown key {k!r}")
    s = GoldSentence(**{k: v for k, v in raw.items() if k in known})
    s.text = str(s.text).strip()
    s.statements = [str(x) for x in (s.statements or [])]
    for k in ("speaker", "speaker_as_written", "verb", "verb_en", "verb_class", "altered_note"):
        v = getattr(s, k)
        setattr(s, k, "" if v is None else str(v))
    if not s.text:
        problems.append(f"{where}: empty text")
    for sid in s.statements:
        if sid not in statements:
            problems.append(f"{where}: statement {sid!r} is not in 'statements'")
    if s.speaker and s.speaker not in cast:
        problems.append(f"{where}: speaker {s.speaker!r} is not a cast id")
    if s.verb_class not in VERB_CLASSES:
        problems.append(f"{where}: verb_class {s.verb_class!r} is not one of {', '.join(VERB_CLASSES[:-1])}")
    if s.quote not in QUOTE_TYPES:
        problems.append(f"{where}: quote {s.quote!r} is not one of {', '.join(QUOTE_TYPES)}")
    if s.verb and not s.verb_en:
        problems.append(f"{where}: a verb needs its English lemma (verb_en)")
    if s.altered and not s.altered_note:
        problems.append(f"{where}: altered: true needs an altered_note")
    return s


def load_event(path: Path) -> Event:
    """One event file, validated; raises CorpusError listing every problem (one per line)."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise CorpusError(f"{path}: not valid YAML ({err})") from None
    problems: list[str] = []
    if not isinstance(raw, dict):
        raise CorpusError(f"{path}: expected a mapping at the top")
    for k in ("event", "kind", "split", "summary", "date", "cast", "statements", "articles"):
        if k not in raw:
            problems.append(f"{path}: missing key {k!r}")
    if problems:
        raise CorpusError("\n".join(problems))
    cast = {}
    for c in raw["cast"] or []:
        if not isinstance(c, dict) or "id" not in c or "name" not in c:
            problems.append(f"{path}: a cast entry needs 'id' and 'name'")
            continue
        cast[str(c["id"])] = {"name": str(c["name"]), "role": str(c.get("role", "")),
                              "variants": [str(v) for v in c.get("variants", []) or []]}
    statements = {str(k): str(v) for k, v in (raw["statements"] or {}).items()}
    if raw["split"] not in ("dev", "test"):
        problems.append(f"{path}: split must be dev or test")
    ev = Event(str(raw["event"]), str(raw["kind"]), str(raw["split"]), str(raw["summary"]), str(raw["date"]),
               cast, statements, path=path)
    ids = set()
    for n, art in enumerate(raw["articles"] or []):
        where = f"{path}: articles[{n}]"
        if not isinstance(art, dict):
            problems.append(f"{where}: expected a mapping")
            continue
        for k in ("id", "outlet", "lang", "published", "paragraphs"):
            if k not in art:
                problems.append(f"{where}: missing key {k!r}")
        if any(k not in art for k in ("id", "outlet", "lang", "published", "paragraphs")):
            continue
        aid = str(art["id"])
        where = f"{path}: {aid}"
        if aid in ids:
            problems.append(f"{where}: duplicate article id")
        ids.add(aid)
        if art["lang"] not in LANGS:
            problems.append(f"{where}: lang {art['lang']!r} is not one of {', '.join(LANGS)}")
        if "constructed" not in str(art["outlet"]).lower():
            problems.append(f"{where}: the outlet name must say '(constructed)'")
        paras = []
        for p, para in enumerate(art["paragraphs"] or []):
            if not isinstance(para, list) or not para:
                problems.append(f"{where}: paragraph {p} must be a non-empty list of items")
                continue
            items = [_sentence(item, f"{where} paragraph {p} item {k}", cast, statements, problems)
                     for k, item in enumerate(para)]
            if p == 0 and len(items) != 1:
                problems.append(f"{where}: paragraph 0 is the headline: exactly one item")
            paras.append(items)
        # spans in the cleaned text
        offset = 0
        for p, items in enumerate(paras):
            for k, s in enumerate(items):
                s.paragraph, s.start, s.end = p, offset, offset + len(s.text)
                offset = s.end + (1 if k + 1 < len(items) else 0)
            offset += 2
        ev.articles.append(GoldArticle(aid, str(art["outlet"]), str(art["lang"]), str(art["published"]),
                                       str(art.get("byline", "") or ""), paras))
    if problems:
        raise CorpusError("\n".join(problems))
    return ev


def load_events(root: Path = ROOT, split: str | None = None) -> list[Event]:
    files = sorted((Path(root) / "events").glob("e*.yaml"))
    events = [load_event(f) for f in files]
    return [e for e in events if split in (None, "all", e.split)]


def article_markdown(ev: Event, art: GoldArticle) -> str:
    """The article as a user would have it: Markdown with front matter, marked as constructed."""
    paras = art.paragraph_texts()
    front = {
        "constructed": True,
        "outlet": art.outlet,
        "lang": art.lang,
        "published": art.published,
        "title": paras[0],
    }
    if art.byline:
        front["byline"] = art.byline
    head = ("# CONSTRUCTED EXAMPLE for transcompare's coverage evaluation: an invented event, an invented "
            "outlet; not a real outlet's text.\n")
    body = "\n\n".join(paras[1:])
    return "---\n" + head + yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000) + "---\n\n" \
        + body + "\n"


def write_articles(events: list[Event], out_dir: Path) -> dict[str, Path]:
    """Write every article as ``OUT/EVENT/ARTICLE.md``; returns article id -> path."""
    out: dict[str, Path] = {}
    for ev in events:
        d = Path(out_dir) / ev.event
        d.mkdir(parents=True, exist_ok=True)
        for art in ev.articles:
            p = d / f"{art.id}.md"
            p.write_text(article_markdown(ev, art), encoding="utf-8")
            out[art.id] = p
    return out


def read_events(events: list[Event]):
    """The ARTICLES table of the events' articles, read as a user's files would be (written to a temporary folder
    as Markdown with front matter, then read by the ingest stage)."""
    import tempfile

    import click

    from transcompare.ingest import read_articles

    with tempfile.TemporaryDirectory() as tmp:
        paths = write_articles(events, Path(tmp))
        articles, errors = read_articles([str(p) for p in paths.values()])
    if errors:
        raise click.ClickException("; ".join(errors))
    return articles


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] != "validate":
        sys.stderr.write("usage: python -m transcompare.eval.coverage_corpus validate [FILE ...]\n")
        return 2
    files = [Path(a) for a in argv[1:]] or sorted((ROOT / "events").glob("e*.yaml"))
    bad = 0
    for f in files:
        try:
            ev = load_event(f)
        except (CorpusError, OSError) as err:
            bad += 1
            print(err)
            continue
        n = sum(len(a.sentences) for a in ev.articles)
        langs = " ".join(a.lang for a in ev.articles)
        carried = {sid: sum(any(sid in s.statements for s in a.sentences) for a in ev.articles)
                   for sid in ev.statements}
        print(f"{f}: OK — {len(ev.articles)} articles ({langs}), {n} sentences, {len(ev.statements)} statements; "
              f"outlets per statement: {' '.join(f'{k}={v}' for k, v in carried.items())}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
