"""Hostile files of issue 11, built at test time (nothing large is committed).

`build.py` writes each class of hostile file into a given folder, starting from the valid returns of
东湖区 2025-Q3 in tests/quirks/files; `fuzz.py` makes seeded byte-level mutations of valid reference
files; `fuzz_child.py` is the child process that runs the product's CLI entry point over them.
"""
