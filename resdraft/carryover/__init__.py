"""Carry an adopted resolution over to the draft of its next cycle, for any body with a profile.

This is the yearly chore of Secretariat editors and facilitators (domain.md,
"What carrying over means"), done as proposals a writer turns into tracked
changes, each with its CO code and reason:

1. the resolution carried over joins every list of earlier resolutions (`chain`);
2. references to the last resolution move on to it (`references`);
3. forward sessions, years and periods advance by the body's cycle (`forward`);
4. historical references stay (`resdraft.temporal` decides what is a fact);
5. what only a person can update gets a review comment (`review`).

What a body cites and how often it meets is data (`[carryover]` in
`rules/bodies/*.toml`, read by `profile`); reject-all gives the source back.
"""

from resdraft.carryover.model import CarryOver, Proposal
from resdraft.carryover.plan import plan_carry_over

__all__ = ["CarryOver", "Proposal", "plan_carry_over"]
