#!/bin/sh
# Runs the app named by the container's command: gateway or word-producer.
set -e
case "$1" in
  gateway | word-producer) exec node "/app/dist/apps/$1/main.js" ;;
  *)
    echo "usage: gateway | word-producer (got: $*)" >&2
    exit 64
    ;;
esac
