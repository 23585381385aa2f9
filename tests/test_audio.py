"""Clip preparation: trimming, resampling, levelling."""

import numpy as np
import pytest

from voiceguide.audio import clips as audio
from voiceguide.audio import loudness
from voiceguide.audio.resample import resample
from voiceguide.settings import DEFAULTS
from voiceguide.sounds import SpeechKey

RATE = DEFAULTS.audio.track_rate


def test_trim_silence_keeps_only_the_sound() -> None:
    x = np.zeros(1000, dtype=np.float32)
    x[300:400] = 0.5
    assert len(audio.trim_silence(x)) == 100
    assert len(audio.trim_silence(np.zeros(10, dtype=np.float32))) == 0


@pytest.mark.parametrize("rate", [22050, 16000, 48000, 24000])
def test_resample_gives_the_exact_length_and_keeps_the_tone(rate: int) -> None:
    n = rate * 2 + 17
    t = np.arange(n) / rate
    y = resample(np.sin(2 * np.pi * 440 * t).astype(np.float32), rate, RATE)
    assert len(y) == round(n * 44100 / rate)
    ideal = np.sin(2 * np.pi * 440 * np.arange(len(y)) / 44100)
    middle = slice(2000, len(y) - 2000)
    assert np.max(np.abs(y[middle] - ideal[middle])) < 1e-3


def test_resampling_does_not_create_images_above_the_source_band() -> None:
    rate = 22050
    t = np.arange(rate) / rate
    y = resample(np.sin(2 * np.pi * 5000 * t).astype(np.float32), rate, RATE)
    spectrum = np.abs(np.fft.rfft(y * np.hanning(len(y))))
    freqs = np.fft.rfftfreq(len(y), 1 / 44100)
    assert spectrum[freqs > 11500].max() < spectrum.max() * 1e-4  # no image at 22050 - 5000 Hz


def test_prepared_speech_is_levelled_and_under_the_ceiling() -> None:
    rng = np.random.default_rng(3)
    speechlike = (rng.standard_normal(22050 * 2) * np.hanning(44100) * 4000).astype(np.int16)
    clip = audio.prepare_speech(SpeechKey("hello", DEFAULTS.voice), speechlike, 22050)
    x = clip.pcm.astype(np.float64) / 32768
    pad = np.zeros(int(0.4 * 44100))
    measured = loudness.integrated_loudness(np.concatenate((pad, x, pad)), 44100)
    assert measured == pytest.approx(DEFAULTS.audio.target_lufs, abs=0.5) or clip.true_peak_db == pytest.approx(
        DEFAULTS.audio.clip_ceiling_dbtp, abs=0.1
    )
    assert loudness.true_peak_db(x) <= DEFAULTS.audio.clip_ceiling_dbtp + 0.2
    assert clip.sample_rate == 44100 and clip.channels == 1 and clip.sample_width == 2
