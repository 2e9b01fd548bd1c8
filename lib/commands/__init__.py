"""Command-line subcommands by topic; each module exposes ``register(subparsers)``."""

COMMAND_MODULES = (
    "lib.commands.crime",
    "lib.commands.confidence",
    "lib.commands.stop_search",
    "lib.commands.complaints",
    "lib.commands.pack",
    "lib.commands.challenge",
    "lib.commands.drivers",
    "lib.commands.analysis",
)
