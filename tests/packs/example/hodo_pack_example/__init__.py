"""An example hodo domain pack: its folder holds pack.toml (see docs/packs.md)."""
