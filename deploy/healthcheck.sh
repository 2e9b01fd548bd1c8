#!/bin/sh
# Usage: healthcheck.sh PORT [SECONDS]: exit 0 once the replica on PORT answers /_stcore/health
# with 200, exit 1 if it does not within SECONDS (default 30). Used by systemd and by cron/monitoring:
#   */1 * * * * /srv/policing/app/deploy/healthcheck.sh 8501 10 || systemctl restart policing@8501
port="$1"; wait="${2:-30}"; i=0
while [ "$i" -lt "$wait" ]; do
    if curl -fsS -m 2 "http://127.0.0.1:${port}/_stcore/health" >/dev/null 2>&1; then exit 0; fi
    i=$((i + 1)); sleep 1
done
echo "replica on port ${port} not healthy after ${wait} s" >&2
exit 1
