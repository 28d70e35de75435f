"""The team's shared toolkit: one small module per cross-cutting helper, imported by every app.

Nothing here imports an app; an app that needs a variant extends the shared helper rather than copying it.
"""
