"""Parameters of the coordinator's ``transcode`` and ``transcribe`` templates, from the arguments
of :meth:`Client.transcode` and :meth:`Client.transcribe`. The coordinator builds the argv from them;
no value is ever parsed by a shell.
"""

import os
import shlex


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


def transcode_params(input, output, options=None):
    """``input``, ``output`` and, when given, ``options`` as a list."""
    params = {"input": file_arg(input), "output": file_arg(output)}
    if options is not None:
        params["options"] = options_list(options)
    return params


def transcribe_params(file, model="base", output_format="txt", output_dir=None, language=None, options=None):
    """The template's ``file``, ``model``, ``outputFormat`` and, when given, ``outputDir``, ``language``
    and ``options``."""
    params = {"file": file_arg(file), "model": model, "outputFormat": output_format}
    if output_dir is not None:
        params["outputDir"] = os.fspath(output_dir)
    if language is not None:
        params["language"] = language
    if options is not None:
        params["options"] = options_list(options)
    return params
