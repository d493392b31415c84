import { describe, expect, it } from 'vitest';
import net from 'node:net';
import dgram from 'node:dgram';
import { choosePort, listeningPorts, parseSocketTable, portLiterals } from '../../grader/sandbox/ports.js';
import { parseStat } from '../../grader/sandbox/proc.js';

const TABLE = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1388 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 20955 1 0000000091887caa 100 0 0 10 0
   1: 0100007F:ACBF 0100007F:1388 01 00000000:00000000 00:00000000 00000000     0        0 20954 1 000000002a69801e 100 0 0 10 0
`;

describe('parseSocketTable', () => {
  it('reads ports (hex), states and inodes', () => {
    expect(parseSocketTable(TABLE)).toEqual([
      { localPort: 5000, remotePort: 0, state: '0A', inode: 20955, txQueue: 0, rxQueue: 0 },
      { localPort: 0xacbf, remotePort: 5000, state: '01', inode: 20954, txQueue: 0, rxQueue: 0 },
    ]);
  });

  it('reads tx_queue:rx_queue (hex): on a LISTEN socket rx_queue is the accept queue', () => {
    const row = '   0: 0100007F:84AB 00000000:0000 0A 00000010:00000002 00:00000000 00000000     0        0 75320 3 00000000ba01ec2f 100 0 0 10 0';
    expect(parseSocketTable(`header\n${row}\n`)[0]).toMatchObject({ localPort: 0x84ab, txQueue: 16, rxQueue: 2 });
  });
});

describe('portLiterals', () => {
  it('finds port-like numbers in code, not in comments or decimals', () => {
    const src = "HOST='127.0.0.1'\nPORTA = 12345 # antes 9999\nbuf = 1024\nx = 3.14159\nsock.connect((HOST, 55555))\nn = 70000\n";
    expect(portLiterals(src)).toEqual([1024, 12345, 55555]);
  });
});

describe('choosePort', () => {
  it('prefers the given port, else the first it listens on', () => {
    expect(choosePort([5000, 41000], 41000)).toBe(41000);
    expect(choosePort([5000, 8000], 41000)).toBe(5000);
    expect(choosePort([], 41000)).toBeUndefined();
  });
});

describe('parseStat', () => {
  it('handles command names with spaces and parentheses', () => {
    const stat = parseStat(42, '42 (python3 (x) y) S 7 42 42 0 -1 4194304 100 0 0 0 150 50 0 0 20 0 1 0');
    expect(stat).toEqual({ pid: 42, ppid: 7, state: 'S', cpuTicks: 200 });
  });
});

describe('listeningPorts', () => {
  it('finds the TCP and UDP ports this process really listens on, from /proc', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const tcpPort = (server.address() as net.AddressInfo).port;
    const udp = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
    try {
      expect(listeningPorts(process.pid, 'tcp')).toContain(tcpPort);
      expect(listeningPorts(process.pid, 'udp')).toContain(udp.address().port);
      expect(listeningPorts(process.pid, 'tcp')).not.toContain(udp.address().port);
    } finally {
      server.close();
      udp.close();
    }
  });
});
