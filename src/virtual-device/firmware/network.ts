/**
 * The Wi-Fi networks around the virtual Sonoff, set up by a test or the
 * rehearsal page: a name, a password, and the DHCP server's answers. A
 * station that asks to join gets one of the outcomes the ESP8266 Arduino
 * core reports to Tasmota: joined (WL_CONNECTED), no such network in range
 * (WL_NO_SSID_AVAIL) or a wrong password (core 2.7.8 maps
 * STATION_WRONG_PASSWORD to WL_CONNECT_FAILED: tasmota/Arduino
 * libraries/ESP8266WiFi/src/ESP8266WiFiSTA.cpp:641-643 @ tag 2.7.8).
 */

export interface SimulatedNetwork {
  ssid: string;
  /** WPA2 passphrase; '' = an open network. */
  password: string;
  /** The address DHCP hands out (default 192.168.1.50). */
  ip?: string;
  gateway?: string;
  subnet?: string;
  dns?: string;
  /** 1-13 (default 6). */
  channel?: number;
}

export interface Lease {
  ip: string;
  gateway: string;
  subnet: string;
  dns: string;
  channel: number;
}

export type JoinOutcome = { kind: 'joined'; lease: Lease } | { kind: 'no-ssid' } | { kind: 'wrong-password' };

/** What the station would get asking to join `ssid` with `password`. */
export function join(networks: readonly SimulatedNetwork[], ssid: string, password: string): JoinOutcome {
  const network = networks.find((n) => n.ssid === ssid);
  if (network === undefined) return { kind: 'no-ssid' };
  if (network.password !== '' && network.password !== password) return { kind: 'wrong-password' };
  return {
    kind: 'joined',
    lease: {
      ip: network.ip ?? '192.168.1.50',
      gateway: network.gateway ?? '192.168.1.1',
      subnet: network.subnet ?? '255.255.255.0',
      dns: network.dns ?? network.gateway ?? '192.168.1.1',
      channel: network.channel ?? 6,
    },
  };
}

/** What surrounds the board: the networks in range and what the POW's mains side sees. Tests change it at will. */
export interface Surroundings {
  networks: SimulatedNetwork[];
  /** The POW on the mains with a load (undefined: on the bench, powered from the adapter, no mains at all). */
  mains: import('./hlw8012.ts').Mains | undefined;
}

export function emptySurroundings(): Surroundings {
  return { networks: [], mains: undefined };
}
