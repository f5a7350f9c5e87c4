"""Review commands for developers (`make bench`, `make screenshots`, `make lighthouse`): not part
of the helper package a learner installs, nor of the build engine."""
