"""Engines' files read by their content: WAV, AIFF and AIFF-C in every width, checked against ffmpeg."""

from __future__ import annotations

import io
import json
import struct
import subprocess
from pathlib import Path

import numpy as np
import pytest

from helpers import require
from standin_drivers.aiff import aiff_bytes, wav_twin
from voiceguide.audio.decode import UnknownAudioFormat, UnreadableAudio, audio_frames, decode_audio, layout
from voiceguide.audio.wav import read_wav

RNG = np.random.default_rng(20)


def speechlike(frames: int, channels: int = 1, width: int = 2) -> np.ndarray:
    """Random samples over the whole range of the width, with both extremes."""
    top = 1 << (8 * width - 1)
    samples = RNG.integers(-top, top, (frames, channels))
    samples[0], samples[1] = -top, top - 1
    return samples[:, 0] if channels == 1 else samples


def ffprobe(path: Path) -> dict:
    probe = [require("ffprobe"), "-v", "error", "-show_streams", "-show_format", "-of", "json", str(path)]
    return json.loads(subprocess.run(probe, capture_output=True, check=True).stdout)


def ffmpeg_s16(path: Path) -> np.ndarray:
    """The file decoded by ffmpeg (an independent reader) to 16-bit samples, channels interleaved."""
    cmd = [require("ffmpeg"), "-v", "error", "-i", str(path), "-f", "s16le", "-"]
    return np.frombuffer(subprocess.run(cmd, capture_output=True, check=True).stdout, dtype="<i2")


def test_an_aiff_c_clip_as_nsss_writes_it_reads_as_its_wav_twin(tmp_path: Path) -> None:
    samples = speechlike(22050)
    path = tmp_path / "clip.wav"  # macOS writes AIFF whatever the name says
    path.write_bytes(aiff_bytes(samples, 22050, b"sowt"))
    stream, form = ffprobe(path)["streams"][0], ffprobe(path)["format"]
    assert form["format_name"] == "aiff"
    assert (stream["codec_name"], stream["codec_tag_string"]) == ("pcm_s16le", "sowt")
    assert (stream["sample_rate"], stream["channels"], stream["duration_ts"]) == ("22050", 1, 22050)
    assert np.array_equal(ffmpeg_s16(path), samples)
    aiff_pcm, aiff_rate = decode_audio(path.read_bytes())
    wav_pcm, wav_rate = decode_audio(wav_twin(samples, 22050))
    assert aiff_rate == wav_rate == 22050
    assert np.array_equal(aiff_pcm, wav_pcm) and np.array_equal(aiff_pcm, samples)


@pytest.mark.parametrize("compression", [None, b"NONE", b"twos", b"sowt"])
@pytest.mark.parametrize("channels", [1, 2])
def test_aiff_and_aiff_c_16_bit_read_as_ffmpeg_reads_them(tmp_path: Path, compression, channels: int) -> None:
    samples = speechlike(4000, channels)
    path = tmp_path / "clip.aiff"
    path.write_bytes(aiff_bytes(samples, 44100, compression))
    assert ffprobe(path)["streams"][0]["codec_tag_string"] == (compression or b"\0\0\0\0").decode().replace("\0", "[0]")
    assert np.array_equal(ffmpeg_s16(path), samples.reshape(-1))
    assert layout(path.read_bytes()).container == ("aiff" if compression is None else f"aifc/{compression.decode()}")
    pcm, rate = decode_audio(path.read_bytes())
    assert rate == 44100
    assert np.array_equal(pcm, decode_audio(wav_twin(samples, 44100))[0])


def test_pedalboard_reads_the_aiff_c_the_stand_in_writes() -> None:
    from pedalboard.io import AudioFile

    samples = speechlike(3000)
    with AudioFile(io.BytesIO(aiff_bytes(samples, 22050, b"sowt"))) as f:
        assert (f.samplerate, f.num_channels) == (22050, 1)
        read = f.read(f.frames)
    assert np.array_equal(np.round(read[0] * 32767).astype(np.int16), samples)


@pytest.mark.parametrize("width", [1, 2, 3, 4])
@pytest.mark.parametrize("channels", [1, 2])
def test_every_width_reads_the_same_from_wav_and_aiff(width: int, channels: int) -> None:
    samples = speechlike(3001, channels, width)
    wav, rate = decode_audio(wav_twin(samples, 16000, width))
    for compression in (None, b"NONE", b"twos"):
        assert np.array_equal(decode_audio(aiff_bytes(samples, 16000, compression, width))[0], wav)
    assert rate == 16000 and wav.dtype == np.int16 and len(wav) == 3001
    mono = samples if channels == 1 else np.floor(samples.sum(axis=1) / 2).astype(np.int64)
    expected = mono >> (8 * width - 16) if width > 1 else mono << 8
    assert np.abs(wav.astype(np.int64) - expected).max() <= (1 if channels == 2 else 0)


def test_24_bit_keeps_its_scale() -> None:
    """pydub keeps 24-bit samples in 32-bit words; the top 16 bits must come out, not the bottom ones."""
    samples = np.array([-(1 << 23), (1 << 23) - 1, 1 << 22, -(1 << 22), 255, -256])
    pcm, _ = decode_audio(wav_twin(samples, 8000, 3))
    assert pcm.tolist() == [-32768, 32767, 16384, -16384, 0, -1]
    assert decode_audio(aiff_bytes(samples, 8000, None, 3))[0].tolist() == pcm.tolist()


def test_a_16_bit_mono_wav_is_read_sample_for_sample() -> None:
    samples = speechlike(5000)
    pcm, rate = read_wav(wav_twin(samples, 22050))
    assert rate == 22050 and np.array_equal(pcm, samples)


def test_odd_sized_chunks_before_the_samples_are_skipped_with_their_pad_byte() -> None:
    samples = speechlike(100)
    wav = wav_twin(samples, 22050)
    odd = b"LIST" + struct.pack("<I", 3) + b"abc\0"
    wav = wav[:4] + struct.pack("<I", len(wav) - 8 + len(odd)) + wav[8:36] + odd + wav[36:]
    assert np.array_equal(decode_audio(wav)[0], samples)
    aiff = aiff_bytes(samples, 22050, b"NONE")
    name = b"NAME" + struct.pack(">I", 5) + b"hello\0"
    at = aiff.index(b"SSND")
    aiff = aiff[:4] + struct.pack(">I", len(aiff) - 8 + len(name)) + aiff[8:at] + name + aiff[at:]
    assert np.array_equal(decode_audio(aiff)[0], samples)


def test_an_unknown_format_names_the_engine_and_what_it_wrote() -> None:
    with pytest.raises(UnknownAudioFormat) as caught:
        decode_audio(b"OggS\x00\x02" + bytes(40), "pyttsx3's nsss driver")
    assert str(caught.value) == (
        "pyttsx3's nsss driver wrote audio in a format voiceguide does not read: Ogg; "
        "first bytes 4f 67 67 53 00 02 00 00 00 00 00 00 ('OggS\\x00\\x02\\x00\\x00\\x00\\x00\\x00\\x00')"
    )
    with pytest.raises(UnknownAudioFormat, match="the engine wrote audio .*: unknown; first bytes 68 65 6c 6c 6f"):
        decode_audio(b"hello", "the engine")
    with pytest.raises(UnknownAudioFormat, match="an empty file"):
        decode_audio(b"", "the engine")


def test_what_is_not_integer_pcm_says_what_it_is() -> None:
    samples = speechlike(10)
    wav = bytearray(wav_twin(samples, 22050))
    wav[20:22] = struct.pack("<H", 3)
    with pytest.raises(UnreadableAudio, match="32-bit float samples, not integer PCM"):
        decode_audio(bytes(wav))
    with pytest.raises(UnreadableAudio, match="compressed as 'ulaw'"):
        decode_audio(aiff_bytes(samples, 22050, b"ulaw"))
    with pytest.raises(UnreadableAudio, match="not a PCM WAV file"):
        read_wav(aiff_bytes(samples, 22050, b"sowt"))


def test_the_worker_counts_frames_from_the_header_alone() -> None:
    samples = speechlike(1000)
    full = aiff_bytes(samples, 22050, b"sowt")
    assert audio_frames(full) == 1000 and audio_frames(wav_twin(samples, 22050)) == 1000
    assert audio_frames(full[:-500]) == 750  # a header that promises more than the file holds
    streaming = bytearray(full)
    comm = full.index(b"COMM")
    streaming[comm + 10 : comm + 14] = bytes(4)  # numSampleFrames not written yet
    assert audio_frames(bytes(streaming)) == 0
    assert audio_frames(full[:30]) == 0  # a cut-off header
    assert audio_frames(b"") == 0
    assert audio_frames(b"OggS" + bytes(60)) is None  # not ours to judge: the build names the format
