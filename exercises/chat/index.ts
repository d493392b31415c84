// Activity 2: a chat where several people talk at once — a relay server and an interactive client.
import type { ExerciseDef } from '../../grader/check/api.js';
import { clientChecks } from './client-checks.js';
import { serverChecks } from './server-checks.js';

const exercise: ExerciseDef = {
  id: 'chat',
  programs: [
    // A fresh server per check: a thread that died in one check never fails another.
    { role: 'server', files: ['chat_servidor.py', 'chat_server.py', 'servidor_chat.py', 'server_chat.py'], protocol: 'tcp', stdin: 'closed', instance: 'per-check' },
    { role: 'client', files: ['chat_cliente.py', 'chat_client.py', 'cliente_chat.py', 'client_chat.py'], protocol: 'tcp', stdin: 'pipe', instance: 'per-check' },
  ],
  checks: [...serverChecks, ...clientChecks],
};

export default exercise;
