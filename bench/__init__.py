"""Benchmarks and load tooling for the GETDZ dashboard (`python -m bench`, `make bench`).

Shared with the reliability tests: `servers` starts gunicorn as production does, `traffic` builds
and records callback requests, `load` replays them from many concurrent clients. Loopback only.
"""
