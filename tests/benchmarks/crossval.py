"""Cross-validation by site, shared by every evaluation script.

A score on the files a rule or model was tuned on says little about pages
from sites never seen. Every evaluation therefore prints two figures:

- **full**: the shipped parser (rules and shipped weights) on all files;
- **CV by site**: each file scored by a parser whose fitted parts (weights,
  thresholds) were chosen without any file of the same site (grouped k-fold:
  the sites are dealt into ``k`` folds; with ``k`` at least the number of
  sites this is leave-one-site-out).

Hand rules have nothing fitted, so their CV figure equals the full one; the
scripts say so (``NOTHING_FITTED``) rather than print a second number that
would suggest a measurement.

``site_of(corpus, key)`` names the site (publisher, host) of a corpus file so
that all pages of one site fall in the same fold.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
import re
import zlib
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlparse

T = TypeVar("T")
P = TypeVar("P")

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"

#: Printed in place of a CV figure when the measured code has no fitted parameters.
NOTHING_FITTED = "CV by site = full (hand rules, nothing fitted)"

#: Second-level labels under which registrable names sit ("bbc.co.uk", "abc.net.au").
_SECOND_LEVEL = frozenset(("co", "com", "org", "net", "ac", "gov", "edu", "ne", "or"))


def host_site(url: str) -> str:
    """The registrable domain of a URL or host: 'https://www.bbc.co.uk/x' -> 'bbc.co.uk'."""
    host = (urlparse(url).hostname if "//" in url else url) or ""
    parts = [p for p in host.lower().split(".") if p]
    if len(parts) >= 3 and parts[-2] in _SECOND_LEVEL and len(parts[-1]) == 2:
        return ".".join(parts[-3:])
    return ".".join(parts[-2:]) if len(parts) >= 2 else host.lower() or url


@cache
def _fundus_sites(root: str) -> dict[str, str]:
    index = json.loads((Path(root) / "index.json").read_text(encoding="utf-8"))
    return {name: info["ground_truth"].rsplit("/", 1)[-1].removesuffix(".json") for name, info in index.items()}


@cache
def _l3s_sites(root: str) -> dict[str, str]:
    rows = (Path(root) / "pages.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return {r.split("\t")[0]: host_site(r.split("\t")[2]) for r in rows if r.count("\t") >= 2}


@cache
def _traf_sites(root: str) -> dict[str, str]:
    entries = json.loads((Path(root) / "evaldata.json").read_text(encoding="utf-8"))
    return {e["file"]: host_site(url) for url, e in entries.items()}


@cache
def _zyte_sites(root: str) -> dict[str, str]:
    gt = json.loads((Path(root) / "ground-truth.json").read_text(encoding="utf-8"))
    return {key: host_site(row.get("url") or key) for key, row in gt.items()}


_PAGE_URL = re.compile(
    rb"""<(?:link[^>]+rel=["']canonical["'][^>]+href|meta[^>]+property=["']og:url["'][^>]+content)=["'](https?://[^"']+)""",
    re.IGNORECASE,
)


@cache
def _dragnet_site(root: str, page_id: str) -> str:
    """Dragnet ships no URLs: the page's canonical/og:url names its site, else the page is its own."""
    path = Path(root) / "html" / f"{page_id}.html.gz"
    try:
        with gzip.open(path) as fh:
            head = fh.read(200_000)
    except OSError:
        return f"dragnet:{page_id}"
    m = _PAGE_URL.search(head)
    return host_site(m.group(1).decode("ascii", "replace")) if m else f"dragnet:{page_id}"


@cache
def _polnear_sites(root: str) -> dict[str, str]:
    with (Path(root) / "metadata.tsv").open(encoding="utf-8") as fh:
        return {r["filename"]: r["publisher"] for r in csv.DictReader(fh, delimiter="\t")}


def site_of(corpus: str, key: str, root: Path | None = None) -> str:
    """The site of one corpus item, for grouping folds.

    ``key`` is what the evaluation iterates over: Fundus 'uk/BBC_2024_08_01.html.gz',
    Readability the page directory name, L3S the uuid, trafilatura the file name,
    Zyte the id, Dragnet the id, PolNeAR the text name.
    """
    base = root or CORPUS
    if corpus == "fundus":
        return "fundus:" + _fundus_sites(str(root or base / "fundus-parser-testdata-en")).get(key, key)
    if corpus == "readability":
        # "nytimes-1", "nytimes-2": one site; test-case names ("replace-brs") are their own.
        return "readability:" + re.sub(r"-\d+$", "", key)
    if corpus == "l3s":
        return _l3s_sites(str(root or base / "l3s-gn1-news")).get(key, key)
    if corpus == "trafilatura":
        return _traf_sites(str(root or base / "trafilatura-eval-subset")).get(key, key)
    if corpus == "zyte":
        return _zyte_sites(str(root or base / "zyte-article-extraction-benchmark")).get(key, key)
    if corpus == "dragnet":
        return _dragnet_site(str(root or base / "dragnet-2012-comments"), key)
    if corpus == "polnear":
        return "polnear:" + _polnear_sites(str(root or base / "polnear-quote-attribution")).get(key, key)
    raise ValueError(f"unknown corpus {corpus!r}")


#: The blind-half protocol for hand rules (stop 31, comments): the Dragnet sites are split by
#: ``crc32(site) % 2`` (site as ``site_of`` names it): even LOOK, odd BLIND. Errors are read
#: only on LOOK pages; a rule change must improve BLIND as well, or it is fitting.
HALVES = ("LOOK", "BLIND")


def half_of(corpus: str, key: str, root: Path | None = None) -> str:
    """'LOOK' or 'BLIND': the half of the item's site under the fixed crc32 rule."""
    return HALVES[zlib.crc32(site_of(corpus, key, root).encode()) % 2]


def group_folds(groups: Sequence[str], k: int = 10) -> list[list[int]]:
    """Indices of ``groups`` dealt into ``k`` folds, every group whole in one fold.

    Groups are ordered by a hash of their name (stable from run to run, not
    by corpus order) and dealt round-robin, largest first, so folds are of
    similar size. With ``k`` >= the number of groups: leave-one-site-out.
    """
    by_group: dict[str, list[int]] = {}
    for i, g in enumerate(groups):
        by_group.setdefault(g, []).append(i)
    names = sorted(by_group, key=lambda g: (-len(by_group[g]), hashlib.sha1(g.encode()).hexdigest()))
    k = max(1, min(k, len(names)))
    folds: list[list[int]] = [[] for _ in range(k)]
    sizes = [0] * k
    for g in names:
        j = min(range(k), key=lambda f: (sizes[f], f))
        folds[j].extend(by_group[g])
        sizes[j] += len(by_group[g])
    return [sorted(f) for f in folds if f]


def cross_validate(
    items: Sequence[T],
    groups: Sequence[str],
    fit: Callable[[list[T]], P],
    predict: Callable[[P, T], object],
    k: int = 10,
) -> list[object]:
    """Out-of-fold predictions: item i predicted by a model fitted without its site's items."""
    out: list[object] = [None] * len(items)
    for fold in group_folds(groups, k):
        held = set(fold)
        model = fit([items[i] for i in range(len(items)) if i not in held])
        for i in fold:
            out[i] = predict(model, items[i])
    return out


def figure(name: str, full: float, cv: float | None = None, *, width: int = 34) -> str:
    """One line: the full figure and the cross-validated one (or why they are the same)."""
    tail = NOTHING_FITTED if cv is None else f"CV by site {cv:.3f} (full - CV {full - cv:+.3f})"
    return f"   {name:{width}s} full {full:.3f} | {tail}"
