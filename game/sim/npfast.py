"""numpy functions without their dispatch, for the simulation's hot paths.

A public numpy function such as np.where first asks each argument whether it overrides the
function (`__array_function__`, NEP 18). On the few dozen entries a tick works on, asking
costs more than the work: np.count_nonzero of a short mask takes twice as long as counting.
The implementation behind the function (its `_implementation`) does the same work without
asking. The simulation passes only plain ndarrays, which override nothing, so the results
are the same bit for bit. On a numpy without `_implementation`, these are the public ones.
"""

from __future__ import annotations

import numpy as np

count_nonzero = getattr(np.count_nonzero, "_implementation", np.count_nonzero)
where = getattr(np.where, "_implementation", np.where)
copyto = getattr(np.copyto, "_implementation", np.copyto)
concatenate = getattr(np.concatenate, "_implementation", np.concatenate)
