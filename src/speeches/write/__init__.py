"""Running the stages: the pipeline, the worker process, executors and the build cache."""
