"""A web archive and a Disqus export dropped on the window together: the pages are listed,
an archive page opens with its text and the comments the export holds for it."""

from __future__ import annotations

import io

from tests.containers.conftest import FIXTURES, write_warc

from .conftest import make_window


def test_warc_and_disqus_import_in_the_window(qtbot, empty_library, light_theme, tmp_path):
    warc = tmp_path / "crawl.warc.gz"
    buf = io.BytesIO()
    write_warc(buf, gzip=True)
    warc.write_bytes(buf.getvalue())
    window = make_window(qtbot, empty_library, light_theme)
    with qtbot.waitSignal(window.importDone) as done:
        window.import_paths([str(warc), str(FIXTURES / "disqus.xml")])
    report = done.args[0]
    assert not report.failed and len(report.imported) == 2
    assert window.model.rowCount() == 2
    rows = {r.title: r for r in empty_library.rows(empty_library.article_ids())}
    heron = rows["Herons return to the marsh after a decade"]
    assert heron.comment_count == 2
    window.side.select_id(heron.id)
    qtbot.waitUntil(lambda: window.view.article_id == heron.id)
    assert "Grey herons have come back" in window.view.browser.toPlainText()
    thread = window.view.comments
    assert thread is not None and thread.model.rowCount() == 1  # Jonas, with Ebba's reply below
    assert "2 comments" in thread.heading.text()
    window.close()
