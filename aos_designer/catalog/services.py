"""Data on the cloud services themselves: their display names, and the services that
may have more resource types than the catalog lists."""

from __future__ import annotations

# Display names of the services, for the palette.
SERVICE_NAMES = {
    "AntiDDos": "Anti-DDoS",
    "AOS": "Application Orchestration Service",
    "APIG": "API Gateway",
    "APM": "Application Performance Management",
    "CCE": "Cloud Container Engine",
    "CCI": "Cloud Container Instance",
    "CDN": "Content Delivery Network",
    "DBSS": "Database Security Service",
    "DCS": "Distributed Cache Service",
    "DDS": "Document Database Service",
    "DIS": "Data Ingestion Service",
    "ECS": "Elastic Cloud Server",
    "EVS": "Elastic Volume Service",
    "FGS": "FunctionGraph",
    "HSS": "Host Security Service",
    "IAM": "Identity and Access Management",
    "MRS": "MapReduce Service",
    "NAT": "NAT Gateway",
    "OBS": "Object Storage Service",
    "RDS": "Relational Database Service",
    "SCM": "SSL Certificate Manager",
    "ServiceStage": "ServiceStage",
    "SFS": "Scalable File Service",
    "SMN": "Simple Message Notification",
    "ULB": "Elastic Load Balance (shared)",
    "VPC": "Virtual Private Cloud",
    "VPCEndpoint": "VPC Endpoint",
}

# Services whose element types the documentation was not read for in full. SMN's
# subscription type and ULB's pool are mentioned but not named, and AOS has more types
# of the older container runtime. The element list was cut in the VPC entries, so VPC
# types and the services after it (VSS, WAF) may be missing. An unknown type of these
# services is a warning, not an error.
PARTLY_KNOWN_SERVICES = frozenset(
    {"AOS", "SMN", "ULB", "VPC", "VPCEndpoint", "VSS", "WAF"}
)
