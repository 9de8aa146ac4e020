#!/usr/bin/env bash
# Seeds each fuzz target's corpus (corpus/<target>/, not committed) from fixtures/ and, when it is
# there, the oracle snapshots in ../shared/oracle (read-only). Run from anywhere.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../.."
oracle="$root/../shared/oracle/batfish"
corpus="$here/corpus"
mkdir -p "$corpus"/{parse_detect,parse_dialect,cumulus,batfish_host,batfish_layer1,sonic_config_db,change,intent}

configs=()
while IFS= read -r -d '' f; do configs+=("$f"); done < <(find "$root/fixtures" -name '*.cfg' -print0 | sort -z)
if [ -d "$oracle" ]; then
  # Only configurations of moderate size: libFuzzer mutates best around a few kilobytes.
  while IFS= read -r -d '' f; do configs+=("$f"); done < <(
    find "$oracle" \( -name '*.cfg' -o -name 'show_running-config.txt' -o -name 'frr.conf' \) -size -24k -print0 | sort -z)
fi
i=0
for f in "${configs[@]}"; do
  i=$((i + 1))
  cp "$f" "$corpus/parse_detect/seed-$i"
  # parse_dialect: the first byte picks the dialect; give every seed two different ones.
  { printf "\\x$(printf %02x $((i % 8)))"; cat "$f"; } > "$corpus/parse_dialect/seed-$i-a"
  { printf "\\x$(printf %02x $(((i + 3) % 8)))"; cat "$f"; } > "$corpus/parse_dialect/seed-$i-b"
  if grep -q 'This file describes the network interfaces' "$f"; then
    cp "$f" "$corpus/cumulus/seed-$i"
  fi
done
for f in "$root"/fixtures/configs/frr/*.cfg; do cp "$f" "$corpus/cumulus/frr-$(basename "$f")"; done
if [ -d "$oracle" ]; then
  n=0
  while IFS= read -r -d '' f; do n=$((n + 1)); cp "$f" "$corpus/batfish_host/host-$n.json"; done < <(
    find "$oracle" -path '*/hosts/*.json' -print0)
  n=0
  while IFS= read -r -d '' f; do n=$((n + 1)); cp "$f" "$corpus/batfish_layer1/l1-$n.json"; done < <(
    find "$oracle" -name 'layer1_topology.json' -print0)
  n=0
  while IFS= read -r -d '' f; do n=$((n + 1)); cp "$f" "$corpus/sonic_config_db/db-$n.json"; done < <(
    find "$oracle" -name 'config_db.json' -print0)
fi
# change: the first byte picks the base configuration (0: the KT core router).
n=0
for f in "$root"/fixtures/changes/*.txt; do
  n=$((n + 1))
  { printf '\x00'; cat "$f"; } > "$corpus/change/script-$n"
done
printf '\x01interface Gi0/9\n vrf forwarding CUST\n ip address 10.9.9.1 255.255.255.0\nexit\nno router bgp 1\n' > "$corpus/change/vrf"
# Hand-written minimal seeds, so that every target has one even without the oracle.
printf '{"hostname":"h1","hostInterfaces":{"eth0":{"name":"eth0","prefix":"10.0.0.2/24","gateway":"10.0.0.1"}}}' \
  > "$corpus/batfish_host/minimal.json"
printf '{"edges":[{"node1":{"hostname":"r1","interfaceName":"Gi0/0"},"node2":{"hostname":"r3","interfaceName":"Et1"}}]}' \
  > "$corpus/batfish_layer1/minimal.json"
printf '{"INTERFACE":{"Ethernet0|10.0.0.0/31":{}},"DEVICE_METADATA":{"localhost":{"hostname":"sonic1","bgp_asn":"65001"}}}' \
  > "$corpus/sonic_config_db/minimal.json"
# intent: each ```toml block of README.md (the documented routeproof.toml examples).
awk -v dir="$corpus/intent" '/^```toml/ {n++; on=1; next} /^```/ {on=0} on {print > (dir "/readme-" n ".toml")}' "$root/README.md"
for t in "$corpus"/*; do echo "$(basename "$t"): $(ls "$t" | wc -l) seeds"; done
