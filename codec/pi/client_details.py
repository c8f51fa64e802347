"""``GET data/ClientDetails``: the detail view of a client (``clientDetailsDTO``).

Sources (tests/vendor/index.json): the v3 field table of PI 3.4 ("GET ClientDetails", Cisco
Prime Infrastructure 3.4 API reference, ``clientdetails/pi-3.4_v3_fields``, cut after
``ccxMSVersion``), the enumerations the PI 3.3 and 2.0 "GET Clients" tables list for the same
enum types, and the v4 answers as a metrics collector of a PI 3.x server declares them
(``clientdetails/cpitables_v4_fields``, client code: every field below, with its type).

Version differences, from that collector (followed where it contradicts the tables):

* MAC addresses (``apMacAddress``, ``macAddress``, ``wgbMacAddress``) are text in the v3
  table and `MacAddress` objects (``octets``) in v4; v1 and v2 are declared as v3;
* ``vlan`` is text in the v3 table and a number in v4 ("Doc corrected string-->int in v4");
* IP addresses (``apIpAddress``, ``deviceIpAddress``, ``ipAddress``) are `InetAddress`
  objects in the v3 table and in v4; v1 and v2 are declared so too (inferred).

Times documented as "milliseconds since the Unix epoch" (``associationTime``, ``updateTime``,
``firstSeenTime``) are ``datetime`` values written as those integers (``form="epoch_ms"``).
Enumerations whose allowed values no table returned (``eapType``, ``encryptionCypher``,
``ccxVersion``, ``speed`` ...) are kept strings. The v4 ``clientAddresses`` list is not
declared (no table of its items): lenient decoding keeps it as content the model does not
declare.
"""

from __future__ import annotations

import enum
from datetime import datetime

from .._fields import attribute, element, model, open_enum
from .values import InetAddress, MacAddress

__all__ = [
    "AuthenticationAlgorithm",
    "CcxFsVersion",
    "ClientDetail",
    "ClientProtocol",
    "ClientStatus",
    "ConnectionType",
    "SecurityPolicyStatus",
]


class AuthenticationAlgorithm(enum.Enum):
    """``AuthenticationAlgorithmEnum`` (the PI 3.4 v3 table; ``UNKNOW`` is the vendor's)."""

    OPENSYSTEM = "OPENSYSTEM"
    SHAREDKEY = "SHAREDKEY"
    UNKNOW = "UNKNOW"
    OPENANDEAP = "OPENANDEAP"


class CcxFsVersion(enum.Enum):
    """``CcxFSVersionEnum``, the type of every ``ccx*SVersion`` (the PI 3.4 v3 table)."""

    UNSUPPORTED = "UNSUPPORTED"
    NONE = "NONE"
    V1 = "V1"
    V2 = "V2"


class ConnectionType(enum.Enum):
    """``ConnectionTypeEnum`` (the PI 3.3 "GET Clients" table)."""

    LIGHTWEIGHTWIRELESS = "LIGHTWEIGHTWIRELESS"
    AUTONOMOUSWIRELESS = "AUTONOMOUSWIRELESS"
    WIRED = "WIRED"


class ClientProtocol(enum.Enum):
    """``ClientProtocolEnum`` (the PI 3.3 "GET Clients" table; ``DOT11N2_4GNZ`` is the
    vendor's spelling)."""

    UNDEFINED = "UNDEFINED"
    DOT11A = "DOT11A"
    DOT11B = "DOT11B"
    DOT11G = "DOT11G"
    UNKNOWN = "UNKNOWN"
    MOBILE = "MOBILE"
    DOT11N2_4GNZ = "DOT11N2_4GNZ"
    DOT11N5GHZ = "DOT11N5GHZ"
    DOT3 = "DOT3"
    DOT3GUEST = "DOT3GUEST"
    DOT11AC = "DOT11AC"


class SecurityPolicyStatus(enum.Enum):
    """``SecurityPolicyStatusEnum`` (the PI 3.3 "GET Clients" table)."""

    PASSED = "PASSED"
    FAILED = "FAILED"


class ClientStatus(enum.Enum):
    """``ClientStatusEnum`` (the PI 2.0 "GET Clients" table)."""

    IDLE = "IDLE"
    AUTHPENDING = "AUTHPENDING"
    AUTHENTICATED = "AUTHENTICATED"
    ASSOCIATED = "ASSOCIATED"
    POWERSAVE = "POWERSAVE"
    DISASSOCIATED = "DISASSOCIATED"
    TOBEDELETED = "TOBEDELETED"
    PROBING = "PROBING"
    BLACKLISTED = "BLACKLISTED"
    NOTCONFIGURED = "NOTCONFIGURED"
    UNAUTHENTICATED = "UNAUTHENTICATED"


_UP_TO_V3 = (1, 2, 3)
_V4 = (4,)
_EPOCH_MS = "epoch_ms"


@model(element="clientDetailsDTO")
class ClientDetail:
    """A client's current or last session: ``QueryResponse[ClientDetail]`` is a
    ``data/ClientDetails?.full=true`` page.

    Cisco Prime Infrastructure 3.4 API reference, "GET ClientDetails" (v3 field table); v4
    per ``clientdetails/cpitables_v4_fields``. Elements in the vendor's (alphabetical) order;
    every field optional. Open enums keep a value this library does not know as a plain
    string when decoding leniently; strict decoding reports it (code ``enum``).
    """

    display_name: str | None = attribute(default=None)
    id: int | None = attribute(default=None)
    ad_domain_name: str | None = element(default=None)
    ap_ip_address: InetAddress | None = element(default=None)
    #: v4: a `MacAddress`; up to v3: text (`ap_mac_address_v1`).
    ap_mac_address: MacAddress | None = element(default=None, versions=_V4)
    ap_mac_address_v1: str | None = element("apMacAddress", default=None, versions=_UP_TO_V3)
    ap_name: str | None = element(default=None)
    ap_slot_id: int | None = element(default=None)
    association_time: datetime | None = element(default=None, form=_EPOCH_MS)
    audit_session_id: str | None = element(default=None)
    authentication_algorithm: AuthenticationAlgorithm | str | None = element(
        default=None, converter=open_enum(AuthenticationAlgorithm)
    )
    authn_time_stamp: str | None = element(default=None)
    authorization_policy: str | None = element(default=None)
    authorized_by: str | None = element(default=None)
    ccx_fs_version: CcxFsVersion | str | None = element(
        "ccxFSVersion", default=None, converter=open_enum(CcxFsVersion)
    )
    ccx_ls_version: CcxFsVersion | str | None = element(
        "ccxLSVersion", default=None, converter=open_enum(CcxFsVersion)
    )
    ccx_ms_version: CcxFsVersion | str | None = element(
        "ccxMSVersion", default=None, converter=open_enum(CcxFsVersion)
    )
    ccx_vs_version: CcxFsVersion | str | None = element(
        "ccxVSVersion", default=None, converter=open_enum(CcxFsVersion)
    )
    ccx_version: str | None = element(default=None)
    client_aaa_override_acl_applied: str | None = element(default=None)
    client_aaa_override_acl_name: str | None = element(default=None)
    client_acl_applied: str | None = element(default=None)
    client_acl_name: str | None = element(default=None)
    client_ap_mode: str | None = element(default=None)
    client_interface: str | None = element(default=None)
    client_redirect_url: str | None = element(default=None)
    connection_type: ConnectionType | str | None = element(
        default=None, converter=open_enum(ConnectionType)
    )
    cts_security_group: str | None = element(default=None)
    device_ip_address: InetAddress | None = element(default=None)
    device_name: str | None = element(default=None)
    device_type: str | None = element(default=None)
    eap_type: str | None = element(default=None)
    encryption_cypher: str | None = element(default=None)
    failure_code: str | None = element(default=None)
    failure_step: str | None = element(default=None)
    first_seen_time: datetime | None = element(default=None, form=_EPOCH_MS)
    hostname: str | None = element(default=None)
    hreap_locally_authenticated: str | None = element(default=None)
    if_descr: str | None = element(default=None)
    if_index: int | None = element(default=None)
    ip_address: InetAddress | None = element(default=None)
    ip_type: str | None = element(default=None)
    ise_name: str | None = element(default=None)
    location: str | None = element(default=None)
    #: v4: a `MacAddress`; up to v3: text (`mac_address_v1`).
    mac_address: MacAddress | None = element(default=None, versions=_V4)
    mac_address_v1: str | None = element("macAddress", default=None, versions=_UP_TO_V3)
    mobility_status: str | None = element(default=None)
    nac_state: str | None = element(default=None)
    policy_type: str | None = element(default=None)
    policy_type_status: str | None = element(default=None)
    posture_status: str | None = element(default=None)
    protocol: ClientProtocol | str | None = element(
        default=None, converter=open_enum(ClientProtocol)
    )
    radius_response: str | None = element(default=None)
    security_policy_status: SecurityPolicyStatus | str | None = element(
        default=None, converter=open_enum(SecurityPolicyStatus)
    )
    speed: str | None = element(default=None)
    ssid: str | None = element(default=None)
    status: ClientStatus | str | None = element(default=None, converter=open_enum(ClientStatus))
    update_time: datetime | None = element(default=None, form=_EPOCH_MS)
    user_name: str | None = element(default=None)
    vendor: str | None = element(default=None)
    #: v4: the VLAN id, a number; up to v3: text (`vlan_v1`).
    vlan: int | None = element(default=None, versions=_V4)
    vlan_v1: str | None = element("vlan", default=None, versions=_UP_TO_V3)
    vlan_name: str | None = element(default=None)
    web_security: str | None = element(default=None)
    wep_state: str | None = element(default=None)
    #: v4: a `MacAddress`; up to v3: text (`wgb_mac_address_v1`).
    wgb_mac_address: MacAddress | None = element(default=None, versions=_V4)
    wgb_mac_address_v1: str | None = element("wgbMacAddress", default=None, versions=_UP_TO_V3)
    wgb_status: str | None = element(default=None)
    wired_client_type: str | None = element(default=None)
