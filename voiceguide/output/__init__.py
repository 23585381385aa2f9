"""Stage 6, output: the MP3 (encoded, tagged, chaptered) and every file beside it, each written atomically.

`mp3` and `tags` write the track, `captions` its WebVTT, `index` the manifest and playlist,
`feed` the podcast feed and JSON chapters, `publish` puts the phone's files beside the tracks,
`player` ships the web player, and `files` makes every write whole or nothing.
"""

from .captions import captions
from .files import TEMP_PREFIX, atomic_path, sha256_file, write_if_changed, write_text
from .index import INDEX, PLAYLIST, TrackRecord, read_index, timeline_parts, write_index, write_playlist
from .mp3 import ENCODER, encode_mp3, write_track
from .publish import publish
from .tags import Tags, build_year, tag_mp3, track_tags

__all__ = [
    "ENCODER",
    "INDEX",
    "PLAYLIST",
    "TEMP_PREFIX",
    "Tags",
    "TrackRecord",
    "atomic_path",
    "build_year",
    "captions",
    "encode_mp3",
    "publish",
    "read_index",
    "sha256_file",
    "tag_mp3",
    "timeline_parts",
    "track_tags",
    "write_if_changed",
    "write_index",
    "write_playlist",
    "write_text",
    "write_track",
]
