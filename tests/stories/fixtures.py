"""Small hand-written articles for the stories tests: one event told three ways (an
original report, a word-for-word repost, a rewrite by another outlet) and a different
event reported on the same day."""

from __future__ import annotations

import json
from pathlib import Path

ORIGINAL_TEXT = (
    "A river cruise ship carrying 129 passengers hit a pillar of the A42 motorway bridge on the "
    "Rhine near Duisburg late on Tuesday, injuring 25 people, police in Duisburg said.\n"
    "The Swiss Crystal was sailing downstream towards Rotterdam when it struck the pylon shortly "
    "after 10 pm. Firefighters and a second ship took the passengers to the river bank at "
    "Homberg.\n"
    "“The ship hit the pillar with its bow and several passengers fell,” said police spokesman "
    "Stefan Hausch. Four of the injured were taken to hospital in Duisburg.\n"
    "The water police are investigating why the captain failed to keep the Swiss Crystal in the "
    "navigation channel. The motorway bridge was checked by engineers and reopened on Wednesday "
    "morning.\n"
)

REWRITE_TEXT = (
    "Twenty-five people were hurt when the Swiss cruise ship Swiss Crystal rammed a support of "
    "the A42 autobahn bridge over the Rhine in Duisburg on Tuesday night, according to police.\n"
    "The vessel, with 129 passengers aboard, was heading for Rotterdam. Rescuers and another boat "
    "brought everyone ashore at Homberg.\n"
    "Four of those hurt were taken to hospitals in Duisburg.\n"
    "Police spokesman Stefan Hausch said the bow struck the pillar and passengers were thrown to "
    "the deck. Investigators from the water police want to know why the captain left the "
    "navigation channel near Duisburg.\n"
    "Engineers inspected the motorway bridge overnight and it reopened on Wednesday.\n"
)

OTHER_EVENT_TEXT = (
    "Tesla is recalling 53,000 Model S and Model X cars because their electric parking brakes "
    "may stay locked, the carmaker said in Palo Alto on Tuesday.\n"
    "The fault lies in a gear made by the supplier Brembo, Tesla said, and no accidents or "
    "injuries have been reported. Owners in California and elsewhere will be contacted by "
    "letter.\n"
    "“We are recalling these cars out of an abundance of caution,” a Tesla spokeswoman said. "
    "The repair takes about 45 minutes at a service centre and costs owners nothing.\n"
    "Shares of Tesla fell 2 percent in trading on the Nasdaq after the recall was announced.\n"
)


def record(title: str, text: str, date: str, domain: str, slug: str) -> dict:
    return {"title": title, "text": text, "date_publish": date, "source_domain": domain,
            "url": f"https://{domain}/news/{slug}", "authors": []}


ARTICLES = {
    "original.json": record("Rhine cruise ship hits motorway bridge pillar near Duisburg",
                            ORIGINAL_TEXT, "2017-12-27T08:00:00", "www.rhine-daily.example",
                            "ship"),
    "repost.json": record("Cruise ship hits bridge pillar on the Rhine, 25 hurt", ORIGINAL_TEXT,
                          "2017-12-27T11:30:00", "www.copyblog.example", "ship-copy"),
    "rewrite.json": record("25 injured as Swiss Crystal cruise ship rams A42 bridge in Duisburg",
                           REWRITE_TEXT, "2017-12-27T09:15:00", "www.europe-wire.example",
                           "cruise"),
    "other.json": record("Tesla recalls 53,000 cars over parking brake fault", OTHER_EVENT_TEXT,
                         "2017-12-27T10:00:00", "www.rhine-daily.example", "tesla"),
}


def write_articles(folder: Path, names: list[str] | None = None) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for name, rec in ARTICLES.items():
        if names is None or name in names:
            path = folder / name
            path.write_text(json.dumps(rec), encoding="utf-8")
            out[name] = path
    return out
