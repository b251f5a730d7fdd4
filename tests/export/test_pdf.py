"""PDF export, read back with pypdf: what a person opening the file would see."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest

from reader import __version__
from reader.export import ExportError, export_each, export_pdf
from reader.export.compose import ExportOptions
from reader.export.layout import build_book, page_layout
from reader.model import Article, Comment
from reader.parsing import parse_path
from reader.render import QUOTE_BG

SEED_FILES = sorted((Path(__file__).resolve().parents[2] / "resources" / "sample").glob("*.txt"))
NON_ASCII = "Привет, мир — Γειά σου κόσμε — “curly” ‘quotes’ — café naïve"


def _seed(path: Path) -> Article:
    return parse_path(path).articles[0]


def _body_part(read, article: Article) -> str:
    """The PDF text from the start of the body to the end of the document."""
    squashed = read.squash(read.body_text())
    start = squashed.find(read.squash(article.paragraphs[0]))
    assert start >= 0, "body does not start in the PDF"
    return squashed[start:]


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.name)
def test_seed_pdf_has_title_metadata_whole_body_and_quotes_in_order(seed: Path, tmp_path: Path, pdf_reader) -> None:
    article = _seed(seed)
    out = export_pdf([article], tmp_path / "seed.pdf")
    read = pdf_reader(out)

    assert read.squash(article.title) in read.squash(read.pages[0])
    assert read.contains_in_order(article.paragraphs, read.body_text()), "the whole body, in order"
    # Whatever quotes the finder reports must be in the body, in order.
    quotes = sorted(article.quotes, key=lambda q: q.start)
    assert read.contains_in_order([q.text for q in quotes], _body_part(read, article))
    assert len(read.pages) == build_book([article], ExportOptions(), page_layout()).page_count
    assert read.metadata["/Title"] == article.title
    assert read.metadata["/Creator"] == f"Article Reader {__version__}"


def test_hand_made_quotes_are_highlighted_and_listed_with_speakers(
    article_with_quotes: Article, tmp_path: Path, pdf_reader
) -> None:
    read = pdf_reader(export_pdf([article_with_quotes], tmp_path / "q.pdf"))
    quote_texts = [q.text for q in article_with_quotes.quotes]
    body = _body_part(read, article_with_quotes)
    assert read.contains_in_order(quote_texts, body)
    # The appendix follows the body and lists each quote with its speaker and role.
    appendix = read.text[read.text.index("Quotes") :]
    assert read.contains_in_order(
        [
            "1.",
            "This bridge joins two halves of one city,",
            "— Ann Lee, mayor",
            "2.",
            "It cost twice what we were promised,",
            "— Bob Stone, councillor",
            "no plan for the traffic",
            "finished on time and on budget",
            "— no speaker",
        ],
        appendix,
    )
    assert read.has_fill_colour(QUOTE_BG), "quotes are highlighted in the on-screen colour"


def test_no_quotes_option_drops_highlight_and_appendix(article_with_quotes: Article, tmp_path: Path, pdf_reader) -> None:
    read = pdf_reader(export_pdf([article_with_quotes], tmp_path / "q.pdf", ExportOptions(quotes=False, quote_appendix=False)))
    assert not read.has_fill_colour(QUOTE_BG)
    assert "— Ann Lee, mayor" not in read.text
    assert read.contains_in_order(article_with_quotes.paragraphs, read.body_text())


def test_appendix_can_be_left_out_while_highlighting(article_with_quotes: Article, tmp_path: Path, pdf_reader) -> None:
    read = pdf_reader(export_pdf([article_with_quotes], tmp_path / "q.pdf", ExportOptions(quote_appendix=False)))
    assert read.has_fill_colour(QUOTE_BG)
    assert "— Ann Lee, mayor" not in read.text


def test_metadata_block_and_document_info(article_with_quotes: Article, tmp_path: Path, pdf_reader) -> None:
    read = pdf_reader(export_pdf([article_with_quotes], tmp_path / "m.pdf"))
    first = read.pages[0]
    for shown in (
        "example-news.org",
        "Jane Doe, Ivan Petrov",
        "4 March 2024, 09:30 +01:00",
        "bridge.html",
        "https://example-news.org/2024/03/bridge",
    ):
        assert read.squash(shown) in read.squash(first), shown
    assert read.squash("/home/me") not in read.squash(first)  # the file's name, not the user's folders
    links = [
        a.get_object()["/A"]["/URI"]
        for a in read.reader.pages[0].get("/Annots", [])
        if a.get_object().get("/Subtype") == "/Link"
    ]
    assert links == ["https://example-news.org/2024/03/bridge"], "the URL is a working link"
    meta = read.metadata
    assert meta["/Title"] == "City opens its new bridge — “at last”"
    assert meta["/Author"] == "Jane Doe, Ivan Petrov"
    assert meta["/Subject"] == "Saved article from example-news.org, published 4 March 2024, 09:30 +01:00"
    assert meta["/Keywords"] == "city, transport"
    assert meta["/Creator"] == f"Article Reader {__version__}"
    # The XMP packet says the same, for viewers that read only XMP.
    xmp = read.reader.xmp_metadata
    assert xmp is not None
    assert xmp.dc_title == {"x-default": "City opens its new bridge — “at last”"}
    assert xmp.dc_creator == ["Jane Doe", "Ivan Petrov"]
    assert xmp.dc_description == {"x-default": meta["/Subject"]}
    assert xmp.xmp_creator_tool == f"Article Reader {__version__}"


def test_comments_appear_only_when_asked_and_spam_only_when_asked(
    article_with_quotes: Article, tmp_path: Path, pdf_reader
) -> None:
    plain = pdf_reader(export_pdf([article_with_quotes], tmp_path / "a.pdf"))
    assert "Lovely bridge" not in plain.text and "Comments" not in plain.text

    with_comments = pdf_reader(export_pdf([article_with_quotes], tmp_path / "b.pdf", ExportOptions(comments=True)))
    assert with_comments.contains_in_order(
        ["Comments", "Carol", "Lovely bridge, I walked it twice.", "Dan", "Same here", "Erin", "Too expensive"]
    )
    assert "BUY CHEAP WATCHES" not in with_comments.text
    assert "1 marked as spam left out" in with_comments.text
    assert "the page claimed 5; 4 were saved" in with_comments.text

    with_spam = pdf_reader(
        export_pdf([article_with_quotes], tmp_path / "c.pdf", ExportOptions(comments=True, include_spam=True))
    )
    assert with_spam.contains_in_order(["Same here", "CheapPills", "spam", "BUY CHEAP WATCHES", "Erin"])


def test_replies_are_indented_deeper_than_their_parent(article_with_quotes: Article, tmp_path: Path) -> None:
    out = export_pdf([article_with_quotes], tmp_path / "c.pdf", ExportOptions(comments=True))
    reader = pypdf.PdfReader(str(out))
    xs: dict[str, float] = {}

    def visitor(text, cm, tm, font_dict, font_size):
        for name in ("Carol", "Dan", "Erin"):
            if text.strip() == name and name not in xs:
                xs[name] = cm[4] + tm[4] * cm[0]

    for page in reader.pages:
        page.extract_text(visitor_text=visitor)
    assert xs["Dan"] > xs["Carol"] + 5
    assert abs(xs["Erin"] - xs["Carol"]) < 1


def test_non_latin_scripts_and_typographic_quotes_survive(article_with_quotes: Article, tmp_path: Path, pdf_reader) -> None:
    read = pdf_reader(export_pdf([article_with_quotes], tmp_path / "u.pdf"))
    assert read.squash(NON_ASCII) in read.squash(read.text)
    assert "“at last”" in read.pages[0]
    assert "\ufb01" not in read.text and "\ufb02" not in read.text, "no fi/fl ligature characters in the text"


def test_fonts_are_embedded_and_pages_hold_no_images(article_with_quotes: Article, tmp_path: Path) -> None:
    reader = pypdf.PdfReader(str(export_pdf([article_with_quotes], tmp_path / "f.pdf", ExportOptions(comments=True))))
    fonts = 0
    for page in reader.pages:
        resources = page["/Resources"]
        assert "/XObject" not in resources or not any(
            x.get_object()["/Subtype"] == "/Image" for x in resources["/XObject"].values()
        )
        for font in resources["/Font"].values():
            font = font.get_object()
            fonts += 1
            descendant = font["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor or "/FontFile" in descriptor or "/FontFile3" in descriptor
            assert "/ToUnicode" in font  # copy and search give the real characters
    assert fonts >= 2


def _longest_bbc(corpus_dir: Path) -> Article:
    files = sorted((corpus_dir / "bbc-news-fulltext").glob("*/*.txt"), key=lambda p: (-p.stat().st_size, str(p)))
    return parse_path(files[0]).articles[0]


@pytest.mark.corpus
def test_long_corpus_article_whole_body_across_pages(corpus_dir: Path, tmp_path: Path, pdf_reader) -> None:
    article = _longest_bbc(corpus_dir)
    assert len(article.body.split()) > 3000
    read = pdf_reader(export_pdf([article], tmp_path / "long.pdf"))
    expected_pages = build_book([article], ExportOptions(), page_layout()).page_count
    assert len(read.pages) == expected_pages > 5
    assert read.contains_in_order(article.paragraphs, read.body_text())
    assert read.squash(article.body) in read.squash(read.body_text()), "the body, unbroken once page furniture is removed"
    # Running header (title, export date) and footer ("n / N") on every page.
    total = len(read.pages)
    for n, page in enumerate(read.pages, 1):
        assert page.startswith(article.title[:30]), f"page {n} header"
        assert "Exported " in page[:200]
        assert page.endswith(f"{n} / {total}"), f"page {n} footer"
    quotes = sorted(article.quotes, key=lambda q: q.start)
    assert read.contains_in_order([q.text for q in quotes], _body_part(read, article))


def test_several_articles_one_pdf_with_contents(article_with_quotes: Article, tmp_path: Path, pdf_reader) -> None:
    seeds = [_seed(p) for p in SEED_FILES]
    articles = [article_with_quotes, *seeds]
    read = pdf_reader(export_pdf(articles, tmp_path / "all.pdf"))
    contents = read.pages[0]
    assert contents.startswith("Contents")
    assert read.contains_in_order(["Contents", *[a.title for a in articles]], contents)
    # Each article starts on its own page (title, then body), at the page the contents gives.
    start = 1
    for article in articles:
        page = read.page_of(article.title, start)
        assert read.contains_in_order([article.title, article.paragraphs[0][:80]], " ".join(read.pages[page : page + 2]))
        title = r"\s+".join(re.escape(word) for word in article.title.split())
        listed = re.search(title + r"\s+(\d+)\s*$", read.raw_pages[0], re.M)
        assert listed is not None and int(listed.group(1)) == page + 1
        start = page + 1
    meta = read.metadata
    assert meta["/Title"] == f"{articles[0].title} and 2 more articles"
    assert meta["/Subject"].startswith("3 saved articles")


def test_export_each_writes_one_file_per_article_named_after_titles(
    article_with_quotes: Article, tmp_path: Path, pdf_reader
) -> None:
    twin = Article.from_dict(article_with_quotes.to_dict())
    twin.body = "A different article with the same title."
    twin.quotes = []
    paths = export_each([article_with_quotes, twin], tmp_path / "out")
    assert [p.name for p in paths] == [
        "City opens its new bridge — “at last”.pdf",
        "City opens its new bridge — “at last” (2).pdf",
    ]
    assert all(p.parent == tmp_path / "out" for p in paths)
    assert "A different article" in pdf_reader(paths[1]).text
    assert "A different article" not in pdf_reader(paths[0]).text


def test_missing_folder_is_a_clear_error_and_nothing_is_written(article_with_quotes: Article, tmp_path: Path) -> None:
    with pytest.raises(ExportError) as info:
        export_pdf([article_with_quotes], tmp_path / "nope" / "x.pdf")
    assert info.value.reason == "the folder does not exist"
    assert not (tmp_path / "nope").exists()


def test_failed_export_keeps_the_existing_file(article_with_quotes: Article, tmp_path: Path) -> None:
    target = tmp_path / "keep.pdf"
    target.write_bytes(b"precious")
    with pytest.raises(ExportError):
        export_pdf([], target)
    assert target.read_bytes() == b"precious"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.pdf"], "no partial file left behind"


def test_exporting_does_not_use_up_references_to_none(article_with_quotes: Article, tmp_path: Path) -> None:
    """PySide6 6.12 on Python 3.11 drops a reference to None per void Qt call; a long export
    used to lose about a thousand and the process aborted at exit (status 134)."""
    import sys

    long = Article.from_dict(article_with_quotes.to_dict())
    long.body = "\n\n".join([article_with_quotes.body] * 40)
    long.quotes = []
    before = sys.getrefcount(None)
    export_pdf([long], tmp_path / "long.pdf", ExportOptions(comments=True))
    assert sys.getrefcount(None) - before > -50


def test_long_contents_spans_pages_without_splitting_or_repeating_rows(tmp_path: Path, pdf_reader) -> None:
    articles = [
        Article(
            source=f"s{i}",
            format="text",
            title=f"Story {i} with a headline long enough to wrap onto a second line of the contents page",
            site="site.example",
            body=f"Body of story {i}.\n\nAnother paragraph.",
        )
        for i in range(45)
    ]
    read = pdf_reader(export_pdf(articles, tmp_path / "many.pdf"))
    contents_pages = [i for i, p in enumerate(read.pages) if p.startswith("Contents")]
    assert len(contents_pages) > 1
    contents = " ".join(read.pages[i] for i in contents_pages)
    for i in range(45):
        assert len(re.findall(rf"\b{i + 1}\. Story {i} with", contents)) == 1, f"row {i} once"
        # The row's first number after the title is its page (titles hold no other digits).
        page = int(re.search(rf"\b{i + 1}\. Story {i} with\D*?(\d+)", contents).group(1))
        assert f"Body of story {i}." in read.pages[page - 1]


def test_page_breaks_leave_no_lone_heading_or_line(article_with_quotes: Article) -> None:
    """No heading or comment author line ends a page; no paragraph leaves its first line alone
    at the foot of a page (orphan) or its last line alone at the top of the next (widow)."""
    from reader.export import compose, layout

    article = Article.from_dict(article_with_quotes.to_dict())
    lengths = [1, 3, 4, 5, 7, 9, 12, 2, 6, 15]
    article.body = "\n\n".join("Words fill the line. " * (8 * lengths[i % len(lengths)]) for i in range(40))
    article.quotes = []
    article.comments = [
        Comment(f"Reader {i}", "2024-03-04T10:15:00", "A thought. " * (3 + (i * 7) % 40)) for i in range(80)
    ]
    geometry = layout.Geometry.of_layout(page_layout())
    html = compose.article_html(article, ExportOptions(comments=True))
    doc = layout.make_document(html, layout.Fonts.detect(), geometry, layout._layout_device(), split=False)
    page_h = doc.pageSize().height()

    def pages(block) -> list[int]:
        tl = block.layout()
        return [int((tl.position().y() + tl.lineAt(i).y() + 0.05) // page_h) for i in range(tl.lineCount())]

    headings = crossings = 0
    block = doc.begin()
    while block.isValid():
        nxt = block.next()
        lines = pages(block)
        if block.blockFormat().headingLevel() == 2 or block.userState() == 1:
            assert lines[-1] == pages(nxt)[0], f"{block.text()!r} ends a page"
            headings += 1
        elif len(lines) >= 3 and lines[0] != lines[-1]:
            crossings += 1
            assert lines[0] == lines[1], f"orphan: {block.text()[:40]!r}"
            if len(lines) >= 4:
                assert lines[-1] == lines[-2], f"widow: {block.text()[-40:]!r}"
        block = nxt
    assert headings == 81 and crossings >= 5 and doc.pageCount() > 5


def test_the_pdf_shows_the_source_file_name_not_the_users_folders(tmp_path: Path, pdf_reader) -> None:
    article = Article(
        source="/home/jane.doe/Private/Saved pages/bridge-opening.html",
        format="html",
        title="Bridge opens",
        body="The mayor opened the bridge on Monday. It joins two halves of one city.",
    )
    windows = Article(source=r"C:\Users\jdoe\Documents\river-report.txt", format="text", title="River report",
                      body="The river rose overnight. Nobody was hurt.")
    read = pdf_reader(export_pdf([article, windows], tmp_path / "out.pdf"))
    text = read.squash(" ".join(read.pages))
    assert read.squash("bridge-opening.html") in text and read.squash("river-report.txt") in text
    for private in ("jane.doe", "Private", "Saved pages", "Users", "jdoe", "Documents"):
        assert read.squash(private) not in text
