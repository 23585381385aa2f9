"""The podcast feed (feed.xml, RSS 2.0 with iTunes and Podcasting 2.0 tags) and JSON chapters per track.

Everything here is text from values: the same tracks give the same bytes. Links are relative to the
output folder unless a base URL is given; `with_base_url` fills them in for a server's own address.
"""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from typing import Any, Iterable
from urllib.parse import quote, urljoin, urlsplit

from .. import __version__
from .index import TrackRecord

FEED = "feed.xml"
CHAPTERS_SUFFIX = ".chapters.json"
CHAPTERS_VERSION = "1.2.0"
"""The Podcasting 2.0 JSON chapters format version written."""
CHAPTERS_TYPE = "application/json+chapters"

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
ATOM = "http://www.w3.org/2005/Atom"
for _prefix, _uri in (("itunes", ITUNES), ("podcast", PODCAST), ("atom", ATOM)):
    ET.register_namespace(_prefix, _uri)

_URL_ATTRIBUTES = ("url", "href")
_URL_TEXTS = ("link", "url")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[a-z]{2,4})?$")
_MARKUP = re.compile(r"<[A-Za-z/!?]")
"""What an HTML reader takes for the start of a tag, a comment or a declaration."""
_URL_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&()*+,;=%")
"""RFC 3986's characters, less the quote "'": anything else in a URL is a typing or pasting mistake."""
_HOST = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")
"""A host name or IP address (urlsplit has taken the brackets off an IPv6 one)."""


def normalize_base_url(url: str) -> str:
    """An http(s) URL ending in '/', so file names join under it; ValueError says in one line what is wrong.

    Refused rather than repaired: whitespace, control characters and quotes (urlsplit would drop tabs
    and newlines silently), a port outside 1-65535, and a user name or password, which the feed would publish.
    """
    bad = next((ch for ch in url if ch not in _URL_CHARACTERS), None)
    if bad is not None:
        raise ValueError(f"must be a URL without spaces, quotes or control characters; {url!r} holds {bad!r}")
    if re.search(r"%(?![0-9A-Fa-f]{2})", url):
        raise ValueError(f"holds a '%' that is not followed by two hex digits: {url!r}")
    try:
        parts = urlsplit(url)
    except ValueError:  # an IPv6 address without its closing bracket
        raise ValueError(f"must name a host, got {url!r}") from None
    if parts.scheme not in ("http", "https") or not url.lower().startswith(f"{parts.scheme}://"):
        raise ValueError(f"must be an http:// or https:// URL of the output folder, got {url!r}")
    if "@" in parts.netloc:
        raise ValueError(f"must not hold a user name or password (the feed would publish them), got {url!r}")
    if not _HOST.fullmatch(parts.hostname or ""):
        raise ValueError(f"must name a host, got {url!r}")
    after_host = parts.netloc.rsplit("]", 1)[-1]  # an IPv6 address has colons of its own
    if ":" in after_host:
        port = after_host.rsplit(":", 1)[1]
        if not (port.isascii() and port.isdigit() and 1 <= int(port) <= 65535):
            raise ValueError(f"port must be a number from 1 to 65535, got {url!r}")
    if parts.query or parts.fragment or "?" in url or "#" in url:
        raise ValueError(f"must not have a ?query or #fragment, got {url!r}")
    text = parts.geturl()
    return text if text.endswith("/") else text + "/"


def chapters_name(record: TrackRecord) -> str:
    """The JSON chapters file beside a track: NN-id.chapters.json."""
    return Path(record.file).stem + CHAPTERS_SUFFIX


def chapters_json(record: TrackRecord, podcast_name: str) -> str:
    """A track's chapters in the Podcasting 2.0 JSON chapters format."""
    data: dict[str, Any] = {"version": CHAPTERS_VERSION, "title": record.title, "podcastName": podcast_name}
    if record.coach:
        data["author"] = record.coach
    data["fileName"] = record.file
    data["chapters"] = [{"startTime": c["start"], "endTime": c["end"], "title": c["title"]} for c in record.chapters]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def description(record: TrackRecord) -> str:
    """What an item says about its track: the coach and the exercises, in order."""
    coach = f"Coached by {record.coach}. " if record.coach else ""
    exercises = ", ".join(record.exercises)
    return f"{coach}Exercises: {exercises}." if exercises else coach.strip()


def as_html(text: str) -> str:
    """Plain text for a field readers render as HTML (a description): escaped, so it shows as written."""
    return html.escape(text, quote=False)


def as_plain(text: str) -> str:
    """Plain text for a field RSS calls plain (a title, an author), which some readers still render as HTML.

    As written when reading it as HTML would show the same (plain-text readers then show it too);
    escaped like a description when it holds a tag or an entity, so no reader renders markup from it.
    """
    return as_html(text) if _MARKUP.search(text) or html.unescape(text) != text else text


def _link(base: str | None, name: str) -> str:
    relative = quote(name)
    return urljoin(base, relative) if base else relative


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = text
    return element


def feed_xml(
    title: str,
    records: Iterable[TrackRecord],
    published: datetime,
    *,
    base_url: str | None = None,
    summary: str | None = None,
    language: str | None = None,
    cover: str | None = None,
) -> str:
    """RSS 2.0 with the iTunes namespace: one item per track in order; `cover` names an image in the folder.

    Item N is dated `published` + N-1 minutes, so apps that sort by date keep the routine file's order.
    """
    tracks = sorted(records, key=lambda r: r.number)
    rss = ET.Element("rss", {"version": "2.0"})
    channel = _sub(rss, "channel")
    _sub(channel, "title", as_plain(title))
    _sub(channel, "link", _link(base_url, "") or "./")
    _sub(channel, "description", as_html(summary or f"{len(tracks)} follow-along workouts built with voiceguide."))
    if language and _LANGUAGE.match(language.lower()):
        _sub(channel, "language", language.lower())
    _sub(channel, "generator", f"voiceguide {__version__}")
    if base_url:
        _sub(channel, f"{{{ATOM}}}link", href=_link(base_url, FEED), rel="self", type="application/rss+xml")
    if cover:
        image = _sub(channel, "image")
        _sub(image, "url", _link(base_url, cover))
        _sub(image, "title", as_plain(title))
        _sub(image, "link", _link(base_url, "") or "./")
        _sub(channel, f"{{{ITUNES}}}image", href=_link(base_url, cover))
    _sub(channel, f"{{{ITUNES}}}type", "serial")
    category = ET.SubElement(channel, f"{{{ITUNES}}}category", {"text": "Health & Fitness"})
    ET.SubElement(category, f"{{{ITUNES}}}category", {"text": "Fitness"})
    _sub(channel, f"{{{ITUNES}}}explicit", "false")
    for record in tracks:
        item = _sub(channel, "item")
        _sub(item, "title", as_plain(record.title))
        _sub(item, "description", as_html(description(record)))
        if record.coach:
            _sub(item, f"{{{ITUNES}}}author", as_plain(record.coach))
        _sub(item, f"{{{ITUNES}}}duration", str(round(record.length)))
        _sub(item, f"{{{ITUNES}}}episode", str(record.number))
        _sub(item, f"{{{ITUNES}}}episodeType", "full")
        _sub(item, "enclosure", url=_link(base_url, record.file), length=str(record.bytes), type="audio/mpeg")
        _sub(item, "guid", record.sha256, isPermaLink="false")
        _sub(item, "pubDate", format_datetime(published + timedelta(minutes=record.number - 1), usegmt=True))
        if cover:
            _sub(item, f"{{{ITUNES}}}image", href=_link(base_url, cover))
        _sub(item, f"{{{PODCAST}}}chapters", url=_link(base_url, chapters_name(record)), type=CHAPTERS_TYPE)
    ET.indent(rss, space="  ")
    return _document(rss)


def with_base_url(xml: bytes, base: str) -> bytes:
    """The feed with every relative link joined to `base` (a folder URL ending in '/'); absolute links stay."""
    root = ET.fromstring(xml)
    for element in root.iter():
        for key in _URL_ATTRIBUTES:
            if key in element.attrib:
                element.set(key, urljoin(base, element.attrib[key]))
        local = element.tag.rsplit("}", 1)[-1]
        if local in _URL_TEXTS and element.text and not len(element):
            element.text = urljoin(base, element.text.strip())
    return _document(root).encode("utf-8")


def _document(root: ET.Element) -> str:
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def published_at(year: int, source_date_epoch: str | None) -> datetime:
    """The feed's first date: SOURCE_DATE_EPOCH when set, else 1 January of the year (never the clock)."""
    if source_date_epoch and source_date_epoch.isdigit():
        return datetime.fromtimestamp(int(source_date_epoch), timezone.utc)
    return datetime(year, 1, 1, tzinfo=timezone.utc)
