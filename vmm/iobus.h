/* iobus.h: routes every port-I/O exit to the device that owns the port. */
#ifndef MINIKVM_IOBUS_H
#define MINIKVM_IOBUS_H

struct vcpu;
/* Handle the KVM_EXIT_IO in vcpu->run. Returns VCPU_CONTINUE or VCPU_STOP. */
int iobus_dispatch(struct vcpu *vcpu);

#endif
