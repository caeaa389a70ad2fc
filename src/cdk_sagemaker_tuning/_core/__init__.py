"""The lowest floor: pure helpers every layer uses (the one token predicate, paths into a request)."""
