"""``tincoso scale`` (``make scale``): a multi-process deployment on loopback, a bounded
load, faults injected, and the table of what was sent, stored and lost."""
