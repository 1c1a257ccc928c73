"""Generate large, valid AOS templates for the benchmarks.

`generate_template(count)` returns the text of a template with `count` resources:
networks of one VPC and several subnets, each subnet with servers, disks and a
security group rule, wired with requirements and references as real templates are.
"""

from __future__ import annotations

import argparse
import sys

HEADER = """\
tosca_definitions_version: huaweicloud_tosca_version_1_0
description: Generated template for benchmarks
inputs:
  az:
    type: HuaweiCloud.ECS.AvailabilityZone.Name
    default: cn-north-4a
    description: Availability zone
  flavor:
    type: string
    default: s3.large.2
  image:
    type: HuaweiCloud.ECS.Image.Id
    default: 67f433d8-ed0e-4321-a8a2-a71838539e09
  disk-type:
    type: string
    default: SSD
    constraints:
      valid_values: [SSD, SAS, SATA]
node_templates:
"""

VPC = """\
  vpc-{n}:
    type: HuaweiCloud.VPC.VPC
    properties:
      name: vpc-{n}
      cidr: 10.{n}.0.0/16
  sg-{n}:
    type: HuaweiCloud.VPC.SecurityGroup
    properties:
      name: sg-{n}
    requirements:
      - dependency:
          node: vpc-{n}
"""

SUBNET = """\
  subnet-{n}-{s}:
    type: HuaweiCloud.VPC.Subnet
    properties:
      name: subnet-{n}-{s}
      cidr: 10.{n}.{s}.0/24
      gateway: 10.{n}.{s}.1
      availabilityZone: {{get_input: az}}
      vpcId: {{get_reference: vpc-{n}}}
    requirements:
      - vpcId:
          node: vpc-{n}
          relationship: HuaweiCloud.Relationships.ContainedIn
"""

SERVER = """\
  server-{n}-{s}-{k}:
    type: HuaweiCloud.ECS.CloudServer
    properties:
      name: server-{n}-{s}-{k}
      availabilityZone: {{get_input: az}}
      flavor: {{get_input: flavor}}
      imageId: {{get_input: image}}
      vpcId: {{get_reference: vpc-{n}}}
      nics:
        - subnetId: {{get_reference: subnet-{n}-{s}}}
      rootVolume:
        volumeType: SSD
        size: 40
    requirements:
      - vpcId:
          node: vpc-{n}
      - nics.subnetId:
          node: subnet-{n}-{s}
  disk-{n}-{s}-{k}:
    type: HuaweiCloud.EVS.NonSharedVolume
    properties:
      name: disk-{n}-{s}-{k}
      availabilityZone: {{get_input: az}}
      volumeType: {{get_input: disk-type}}
      size: 100
"""

RULE = """\
  rule-{n}-{s}:
    type: HuaweiCloud.VPC.SecurityGroupRule
    properties:
      securityGroupId: {{get_reference: sg-{n}}}
      direction: ingress
      protocol: TCP
      minPort: {port}
      maxPort: {port}
      remoteIpPrefix: 0.0.0.0/0
    requirements:
      - securityGroupId:
          node: sg-{n}
"""

SUBNETS_PER_VPC = 8
SERVERS_PER_SUBNET = 4


def generate_template(count: int) -> str:
    """Return a template with `count` resources (rounded to whole subnets)."""
    parts = [HEADER]
    resources = 0
    network = 0
    while resources < count:
        parts.append(VPC.format(n=network))
        resources += 2
        for subnet in range(SUBNETS_PER_VPC):
            if resources >= count:
                break
            parts.append(SUBNET.format(n=network, s=subnet))
            parts.append(RULE.format(n=network, s=subnet, port=8000 + subnet))
            resources += 2
            for server in range(SERVERS_PER_SUBNET):
                if resources >= count:
                    break
                parts.append(SERVER.format(n=network, s=subnet, k=server))
                resources += 2
        network += 1
    parts.append(
        "outputs:\n  first-server:\n    value: {get_attribute: [server-0-0-0, refID]}\n"
    )
    return "".join(parts)


def main() -> int:
    parser = argparse.ArgumentParser(description="Print a generated AOS template.")
    parser.add_argument("count", type=int, help="number of resources")
    args = parser.parse_args()
    sys.stdout.write(generate_template(args.count))
    return 0


if __name__ == "__main__":
    sys.exit(main())
