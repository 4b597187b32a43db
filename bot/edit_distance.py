"""How many typing mistakes apart two strings are: used to forgive typos (the safety detector) and to
spot a mistyped phone number (the content checker)."""
from __future__ import annotations


def edit_distance(a: str, b: str) -> int:
    """Edit distance counting a swap of two neighbouring characters as one mistake (optimal string alignment)."""
    previous2, previous = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if previous2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]
