"""news-please JSON (the Giveme5W1H files, many crawls): title, body, date and site are read."""

from __future__ import annotations

import json

from reader.parsing import parse_bytes

RECORD = {
    "authors": ["Carsten Grün"],
    "date_download": "2018-01-01T22:40:48",
    "date_modify": None,
    "date_publish": "2017-12-30T00:00:00",
    "description": "The passenger cruiser hit a motorway bridge pylon near Duisburg.",
    "filename": "http%3A%2F%2Fwww.example.com%2Fen%2Fship.json",
    "image_url": "http://www.example.com/image/1.jpg",
    "language": "en",
    "localpath": None,
    "source_domain": "www.example.com",
    "text": "The accident happened late Tuesday on the Rhine River near Duisburg.\n"
            "There were 129 people on board when the vessel hit a pillar of the A42 motorway.\n"
            "Police said “nobody was seriously hurt.”\n",
    "title": "Rhine cruise ship hits bridge pylon",
    "title_page": None,
    "title_rss": None,
    "url": "http://www.example.com/en/ship/a-41939790",
    "dId": "0302058689a7d4ed",
}


def test_news_please_record_imports_with_title_body_date_and_site() -> None:
    parsed = parse_bytes(json.dumps(RECORD).encode(), source="ship.json", name="ship.json")
    (a,) = parsed.articles
    assert a.title == "Rhine cruise ship hits bridge pylon"
    assert a.published == "2017-12-30T00:00:00"
    assert a.site == "example.com"
    assert a.authors == ["Carsten Grün"]
    assert a.url == RECORD["url"]
    # news-please separates paragraphs with single line breaks: each is its own paragraph.
    assert a.paragraphs == [
        "The accident happened late Tuesday on the Rhine River near Duisburg.",
        "There were 129 people on board when the vessel hit a pillar of the A42 motorway.",
        "Police said “nobody was seriously hurt.”",
    ]


def test_hard_wrapped_text_is_not_split_at_every_line() -> None:
    record = {"title": "Wrapped", "text": "This sentence was wrapped by a mail program at\n"
              "seventy characters, so its lines end in the middle\nof the sentence."}
    (a,) = parse_bytes(json.dumps(record).encode(), source="w.json", name="w.json").articles
    assert len(a.paragraphs) == 1
