"""What the studio server does, below its HTTP routers: workflows, runs, events, assets, templates."""
