"""Which device a chat model runs on, and a readable name for it (for benchmarks).

Example:
    >>> resolve_device("cpu")
    'cpu'
    >>> resolve_device("auto") in {"cpu", "cuda"}
    True
"""

from __future__ import annotations

import os
import platform
import re
from pathlib import Path

from langchain_neuralmem.errors import InvalidInputError

__all__ = ["device_name", "resolve_device", "usable_cpus"]

_CUDA = re.compile(r"cuda(?::(\d+))?")


def resolve_device(device: str = "auto") -> str:
    """Turn ``"auto"``, ``"cpu"``, ``"cuda"`` or ``"cuda:N"`` into a usable device string.

    ``"auto"`` picks ``"cuda"`` when torch sees a GPU, else ``"cpu"``.

    Raises:
        InvalidInputError: (a ``ValueError``) an unknown device, or a GPU that is absent.

    Example:
        >>> resolve_device("auto") == ("cuda" if __import__("torch").cuda.is_available() else "cpu")
        True
    """
    import torch

    if not isinstance(device, str):
        raise InvalidInputError(f"device must be a string such as 'auto', got {device!r}")
    name = device.strip().lower()
    if name == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if name == "cpu":
        return "cpu"
    match = _CUDA.fullmatch(name)
    if match is None:
        raise InvalidInputError(f"device must be 'auto', 'cpu', 'cuda' or 'cuda:N', got {device!r}")
    if not torch.cuda.is_available():
        raise InvalidInputError(
            f"device {device!r} asked for a GPU but torch sees none "
            f"(torch {torch.__version__}); use device='auto' or 'cpu'"
        )
    index = int(match.group(1) or 0)
    if index >= torch.cuda.device_count():
        raise InvalidInputError(
            f"device {device!r}: only {torch.cuda.device_count()} GPU(s) are visible"
        )
    return name


def device_name(device: str = "cpu") -> str:
    """A human-readable name: the GPU's name for CUDA, the CPU model otherwise.

    Example:
        >>> isinstance(device_name("cpu"), str)
        True
    """
    if device.startswith("cuda"):
        import torch

        index = int(device.split(":")[1]) if ":" in device else 0
        return f"{torch.cuda.get_device_name(index)} (cuda:{index})"
    return _cpu_name()


def usable_cpus() -> int:
    """CPUs this process may run on (its affinity mask where the OS has one).

    Example:
        >>> usable_cpus() >= 1
        True
    """
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def _cpu_name() -> str:
    cores = usable_cpus()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return f"{line.split(':', 1)[1].strip()} ({cores} cores)"
    except OSError:
        pass
    return f"{platform.processor() or platform.machine()} ({cores} cores)"
