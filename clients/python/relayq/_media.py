"""Commands for media work, built as argv lists so file names are never parsed by a shell.

These stand in for the coordinator's ``transcode`` and ``transcribe`` templates until those exist;
the calls will then switch to the templates with the same parameters.
"""

import os
import shlex

FFMPEG_LABEL = "has:ffmpeg"
WHISPER_LABEL = "has:whisper"


def file_arg(name):
    """A file name as an argument: one starting with ``-`` gets ``./`` so it cannot pass for an option."""
    if not isinstance(name, str) or not name:
        raise ValueError("a file name is required, got %r" % (name,))
    return "./" + name if name.startswith("-") else name


def options_list(options):
    """Extra arguments: a list is taken as it is, a string is split like a shell would (no expansion)."""
    if options is None:
        return []
    if isinstance(options, str):
        return shlex.split(options)
    return [str(o) for o in options]


def transcode_argv(input, output, options=None):
    """``ffmpeg -nostdin -i INPUT [OPTIONS...] OUTPUT``; ``-nostdin`` keeps ffmpeg from waiting for a key."""
    return ["ffmpeg", "-nostdin", "-i", file_arg(input)] + options_list(options) + [file_arg(output)]


def transcribe_argv(file, model="base", output_format="txt", output_dir=None, language=None, options=None):
    """``whisper FILE --model MODEL --output_format FORMAT [--output_dir DIR] [--language L] [OPTIONS...]``."""
    argv = ["whisper", file_arg(file), "--model", model, "--output_format", output_format]
    if output_dir is not None:
        argv += ["--output_dir", os.fspath(output_dir)]
    if language is not None:
        argv += ["--language", language]
    return argv + options_list(options)
