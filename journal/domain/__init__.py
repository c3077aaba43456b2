"""Pure domain logic: plans, progress, pace, summaries. No Flask, no ORM, no clock."""
