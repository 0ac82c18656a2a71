#!/usr/bin/env bash
# Gradescope's setup script (Ubuntu image, as root): install the toolchain
# and the sandbox, build the VMM, install run_autograder.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq build-essential gcc-multilib nasm binutils python3 bubblewrap
make -C /autograder/source/vmm
# Without /dev/kvm, ./grade runs inside the project's test VM (tools/testvm,
# nested KVM under QEMU TCG: slow); it needs QEMU and a Debian kernel.
if [ ! -e /dev/kvm ]; then
	/autograder/source/.ci/install-deps --testvm ||
		echo "setup.sh: no /dev/kvm and no test VM: grading will report it" >&2
fi
install -m 755 /autograder/source/gradescope/run_autograder /autograder/run_autograder
