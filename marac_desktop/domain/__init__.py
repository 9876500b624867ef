"""Pure domain values: dataclasses and enums with no I/O."""
