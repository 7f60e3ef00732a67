#!/bin/sh
# Loads a file that is already in the WFM's CSV format the way a shell script without the relay
# would: fetch a token with curl, cut the file into chunks of whole lines with `split -C`, and
# post each chunk with its own curl process, lastChunk=true on the last one only.
#
#   CLIENT_SECRET=... sh bench/curl-recipe.sh FILE PUSH_URL TENANT SOURCE_ID TOKEN_URL CLIENT_ID
#
# Environment: CLIENT_SECRET (required), PUSH_TOKEN (a UUID; default: a new one from the
# kernel), CHUNK_BYTES (default 1900000, under the WFM's 2 MB limit). SOURCE_ID and PUSH_TOKEN go
# into the URL as they are, so they must be URL-safe. Needs curl, split (GNU coreutils, for -C)
# and sed. The token is not renewed, so the whole load must finish within its lifetime.
set -eu

if [ "$#" -ne 6 ] || [ -z "${CLIENT_SECRET:-}" ]; then
  echo "usage: CLIENT_SECRET=... $0 FILE PUSH_URL TENANT SOURCE_ID TOKEN_URL CLIENT_ID" >&2
  exit 2
fi
file=$1 push_url=$2 tenant=$3 source_id=$4 token_url=$5 client_id=$6
push_token=${PUSH_TOKEN:-$(cat /proc/sys/kernel/random/uuid)}
chunk_bytes=${CHUNK_BYTES:-1900000}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The secret reaches curl on its standard input (printf is a shell builtin), so it does not show
# in the process list.
token=$(printf '%s' "$CLIENT_SECRET" |
  curl -sS -f -X POST -d grant_type=client_credentials --data-urlencode "client_id=$client_id" \
    --data-urlencode 'client_secret@-' "$token_url" |
  sed -n 's/.*"access_token" *: *"\([^"]*\)".*/\1/p')
if [ -z "$token" ]; then
  echo "no access_token in the response of $token_url" >&2
  exit 1
fi

split -C "$chunk_bytes" -a 6 "$file" "$work/chunk-"

last=$(ls "$work" | tail -n 1)
for chunk in "$work"/chunk-*; do
  last_chunk=false
  if [ "$(basename "$chunk")" = "$last" ]; then last_chunk=true; fi
  curl -sS -f -o /dev/null -X POST \
    -H 'Content-Type: text/csv' \
    -H "Tenant-ID: $tenant" \
    -H "Authorization: Bearer $token" \
    --data-binary "@$chunk" \
    "$push_url?pushToken=$push_token&sourceId=$source_id&lastChunk=$last_chunk"
done
