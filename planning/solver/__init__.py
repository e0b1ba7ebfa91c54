"""The season planner: place a round of visits with Google OR-Tools CP-SAT. Pure Python, no ORM.

A thousand factories × sixty-five days × forty visitors is millions of (factory, day, visitor)
choices, too many for one model on two cores. The planner decomposes:

1. **Teams.** Visitors of one organisation are grouped into fixed teams of ``team_size`` (same
   base city first, a lead-capable member first). A team is unavailable on a member's
   unavailable day.
2. **Areas.** Cities closer than ``nearby_km`` form an area; a team works in one area a week,
   so its consecutive days stay in the same city or nearby.
3. **Weeks (CP-SAT).** Which team works in which area each week and how many visits it makes
   there. Factories with the same feasible weeks are counted together (exact at week level).
   Objective: most factories placed, then fewest moves (weighted by distance from home),
   then visits per visitor closest to an even share.
4. **Days (a min-cost max flow per area and week).** Which factory each team visits on which
   day, over feasible (factory, team, day) triples only, each team kept to one city where it
   can be. Exact for the count and fast (hundreds of tiny flows in well under a second).
5. **Repair.** A factory still unplaced but placeable goes to any free team-day that obeys
   every rule (preferring a team already in its city that week).

Every hard rule is applied when the candidate triples are built, so the models can only pick
legal visits: the notice period in the factory's local days, program and factory blackouts,
one visit per factory per local day, no visitor double-booked (with existing visits, or twice
on one day), visitors' unavailable days, visits per visitor per week, team size and lead.
"""

from __future__ import annotations

from .base import Team, form_teams
from .planner import Planner, solve

__all__ = ["Planner", "Team", "form_teams", "solve"]
