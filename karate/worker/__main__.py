"""`python -m karate.worker`: the same as `karate worker`, with the settings from the environment."""

import logging

from karate.config import Settings
from karate.worker.main import run_worker

if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    run_worker(Settings())
