"""Peak resident memory of the current process, for the benchmarks."""

from __future__ import annotations

import resource
from pathlib import Path


def peak_mb() -> float:
    """Peak resident set size in MB since this process started.

    Linux keeps ``ru_maxrss`` across ``exec``, so a worker started by a large parent would
    report the parent's peak; ``VmHWM`` belongs to the process image and starts afresh.
    """
    status = Path("/proc/self/status")
    if status.is_file():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
