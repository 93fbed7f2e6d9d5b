#!/bin/sh
# The demo app: what the image runs. It proves the layers and the config made it into the image.
echo "Hello from $(cat /app/message.txt)"
echo "GREETING=$GREETING"
echo "working dir: $(pwd)"
