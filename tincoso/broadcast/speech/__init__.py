"""Speech and audio for loudspeakers: offline engines and the audio pipeline.

``engines``: one interface, ``Engine.synthesize(reading, voice, rate, out)``, with
espeak-ng by default and Piper when the operator supplies a voice model.
``audio``: ffprobe/ffmpeg — probe an upload, normalise loudness (EBU R128, −16
LUFS) to MP3 mono 64 kbps CBR, measure loudness with the ebur128 filter.
``pipeline``: reading → sections with pauses → WAV → normalised MP3, cached by a
hash of everything that changes the sound.
"""
