#!/usr/bin/env bash
# Gradescope's setup script (Ubuntu image, as root): install the toolchain
# and the sandbox, build the VMM, install run_autograder.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq build-essential gcc-multilib nasm binutils python3 bubblewrap
make -C /autograder/source/vmm
install -m 755 /autograder/source/gradescope/run_autograder /autograder/run_autograder
