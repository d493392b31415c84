import { describe, expect, it } from 'vitest';
import {
  commonDashPrefix,
  detectLayout,
  forcedReading,
  layoutLabel,
  parseCanvasName,
  parseMoodleName,
  placePath,
  restoreCanvasNames,
  slugId,
} from '../../grader/intake/layouts.js';
import { LAYOUTS } from '../../grader/intake/types.js';

const dirs = (...names: string[]) => names.map((name) => ({ name, isDir: true }));
const files = (...names: string[]) => names.map((name) => ({ name, isDir: false }));

describe('parseMoodleName', () => {
  it('reads a Moodle ≥ 4.1 folder with accents and spaces', () => {
    expect(parseMoodleName('José da Silva_123456_assignsubmission_file')).toEqual({ name: 'José da Silva', lmsId: '123456', plugin: 'file' });
  });

  it('reads the older folder suffix with a trailing underscore', () => {
    expect(parseMoodleName('Ana Clara Souza_98765_assignsubmission_file_')).toEqual({ name: 'Ana Clara Souza', lmsId: '98765', plugin: 'file' });
  });

  it('reads a flat file and keeps its original name, underscores included', () => {
    expect(parseMoodleName('João Pedro Gonçalves_4417_assignsubmission_file_servidor_chat.py')).toEqual({
      name: 'João Pedro Gonçalves',
      lmsId: '4417',
      plugin: 'file',
      original: 'servidor_chat.py',
    });
  });

  it('reads online text folders and flat online text', () => {
    expect(parseMoodleName('Maria Eduarda_555_assignsubmission_onlinetext_')?.plugin).toBe('onlinetext');
    expect(parseMoodleName('Maria Eduarda_555_assignsubmission_onlinetext_onlinetext.html')).toMatchObject({ plugin: 'onlinetext', original: 'onlinetext.html' });
  });

  it('reads team submissions named after the group', () => {
    expect(parseMoodleName('Grupo 3 - Redes_77_assignsubmission_file_')).toEqual({ name: 'Grupo 3 - Redes', lmsId: '77', plugin: 'file' });
  });

  it('rejects names that are not Moodle names', () => {
    expect(parseMoodleName('chat-busy-loop')).toBeUndefined();
    expect(parseMoodleName('José_abc_assignsubmission_file')).toBeUndefined();
    expect(parseMoodleName('servidor.py')).toBeUndefined();
  });
});

describe('parseCanvasName', () => {
  it('reads a late re-upload', () => {
    expect(parseCanvasName('silvajose_LATE_4411_99881_cliente-1.py')).toEqual({
      name: 'silvajose',
      lmsId: '4411',
      attachmentId: '99881',
      late: true,
      anonymous: false,
      original: 'cliente-1.py',
    });
  });

  it('reads lower-case late and on-time names, keeping underscores of the original name', () => {
    expect(parseCanvasName('souzaana_late_1203_55012_servidor_tcp.py')).toMatchObject({ name: 'souzaana', lmsId: '1203', late: true, original: 'servidor_tcp.py' });
    expect(parseCanvasName('gonçalvesjoão_1204_55013_meu_cliente_v2.py')).toMatchObject({ name: 'gonçalvesjoão', lmsId: '1204', late: false, original: 'meu_cliente_v2.py' });
  });

  it('reads anonymous grading names', () => {
    expect(parseCanvasName('anon_Xk3p9_88123_servidor.py')).toMatchObject({ name: 'anon_Xk3p9', lmsId: 'Xk3p9', anonymous: true, late: false, original: 'servidor.py' });
    expect(parseCanvasName('anon_Xk3p9_LATE_88123_cliente.py')).toMatchObject({ lmsId: 'Xk3p9', late: true, original: 'cliente.py' });
  });

  it('rejects plain file names', () => {
    expect(parseCanvasName('servidor.py')).toBeUndefined();
    expect(parseCanvasName('chat_server.py')).toBeUndefined();
  });
});

describe('restoreCanvasNames', () => {
  it('drops the -N Canvas adds to a re-upload unless that would clash', () => {
    expect(restoreCanvasNames(['cliente-1.py', 'servidor-2.py', 'README-1'])).toEqual(['cliente.py', 'servidor.py', 'README']);
    expect(restoreCanvasNames(['cliente.py', 'cliente-1.py'])).toEqual(['cliente.py', 'cliente-1.py']);
    expect(restoreCanvasNames(['cliente-1.py', 'cliente-2.py'])).toEqual(['cliente-1.py', 'cliente-2.py']);
  });
});

describe('slugId', () => {
  it('strips accents and joins with the LMS id', () => {
    expect(slugId('José da Silva', '123456')).toBe('jose-da-silva-123456');
    expect(slugId('Ana Souza', '1234')).toBe('ana-souza-1234');
    expect(slugId('Grupo 3 - Redes', '77')).toBe('grupo-3-redes-77');
    expect(slugId('Strauß Øre', '9')).toBe('strauss-ore-9');
    expect(slugId('李雷', '5')).toBe('student-5');
  });
});

describe('detectLayout', () => {
  const never = () => false;

  it('recognises Moodle folders, flat files and a stray README', () => {
    expect(detectLayout(dirs('José da Silva_1_assignsubmission_file', 'Ana_2_assignsubmission_onlinetext'), 'x', never)?.layout).toBe('moodle');
    expect(detectLayout(files('Ana_2_assignsubmission_file_servidor.py', 'README.txt'), 'x', never)?.layout).toBe('moodle');
  });

  it('recognises Canvas flat files but not with student folders', () => {
    expect(detectLayout(files('souzaana_1_2_servidor.py', 'silvajose_LATE_3_4_cliente.py'), 'x', never)?.layout).toBe('canvas');
    expect(detectLayout([...files('souzaana_1_2_servidor.py'), ...dirs('bruno')], 'x', never)?.layout).toBe('folders');
  });

  it('recognises a Classroom folder only by its -submissions name and common prefix', () => {
    const reading = detectLayout(dirs('chat-tcp-ana-souza', 'chat-tcp-jsilva', '.git'), 'chat-tcp-submissions', never);
    expect(reading).toEqual({ layout: 'classroom', classroomPrefix: 'chat-tcp-', singleName: 'chat-tcp-submissions' });
    expect(detectLayout(dirs('chat-tcp-ana', 'outro'), 'chat-tcp-submissions', never)?.layout).toBe('folders');
  });

  it('does not take a plain folder of fixtures for Classroom', () => {
    const fixtures = dirs('chat-busy-loop', 'chat-lock-twice', 'chat-select');
    expect(detectLayout(fixtures, 'submissions', never)?.layout).toBe('folders');
    expect(detectLayout(fixtures, 'fixtures', never)?.layout).toBe('folders');
  });

  it('takes a folder with a program at its top as one submission, even with subfolders', () => {
    expect(detectLayout([...files('servidor.py'), ...dirs('lib')], 'ana', () => true)).toEqual({ layout: 'single', singleName: 'ana' });
    expect(detectLayout(files('notes.txt'), 'ana', never)).toBeUndefined();
  });

  it('obeys a forced layout; forced Classroom strips the longest common prefix', () => {
    expect(detectLayout(dirs('a', 'b'), 'x', () => true, 'folders')?.layout).toBe('folders');
    expect(forcedReading('classroom', dirs('hw1-ana', 'hw1-bruno-lima'), 'turma').classroomPrefix).toBe('hw1-');
    expect(commonDashPrefix(['hw-ana', 'hw-ana-2'])).toBe('hw-');
    expect(commonDashPrefix(['ana', 'bruno'])).toBeUndefined();
  });
});

describe('placePath', () => {
  it('places Moodle paths by participant id with their inner path', () => {
    const reading = { layout: 'moodle' as const, singleName: 'x' };
    const inFolder = placePath(reading, ['José da Silva_123456_assignsubmission_file', 'src', 'servidor.py'], false);
    expect(inFolder).toMatchObject({ key: '123456', relPath: 'src/servidor.py', student: { id: 'jose-da-silva-123456', name: 'José da Silva', lmsId: '123456', layout: 'moodle' } });
    expect(placePath(reading, ['José da Silva_123456_assignsubmission_file_cliente.py'], false)?.relPath).toBe('cliente.py');
    expect(placePath(reading, ['José da Silva_123456_assignsubmission_onlinetext_', 'onlinetext.html'], false)?.ignored?.key).toBe('intake.note.onlinetext');
  });

  it('places Canvas files and Classroom folders', () => {
    const canvas = placePath({ layout: 'canvas', singleName: 'x' }, ['silvajose_LATE_4411_99881_cliente-1.py'], false);
    expect(canvas).toMatchObject({ key: '4411', relPath: 'cliente-1.py', student: { id: 'silvajose-4411', late: true } });
    const classroom = placePath({ layout: 'classroom', classroomPrefix: 'chat-', singleName: 'x' }, ['chat-ana-souza', 'servidor.py'], false);
    expect(classroom).toEqual({ key: 'ana-souza', relPath: 'servidor.py', student: { id: 'ana-souza', name: 'ana-souza', lmsId: 'ana-souza', layout: 'classroom' } });
  });

  it('keeps folder names as ids and ignores loose files at the top', () => {
    const reading = { layout: 'folders' as const, singleName: 'x' };
    expect(placePath(reading, ['chat-busy-loop', 'chat_servidor.py'], false)?.student).toEqual({ id: 'chat-busy-loop', name: 'chat-busy-loop', layout: 'folders' });
    expect(placePath(reading, ['README.md'], false)).toBeUndefined();
    expect(placePath(reading, ['__MACOSX', 'x'], false)).toBeUndefined();
  });
});

describe('layoutLabel', () => {
  it('has a key per layout', () => {
    expect(LAYOUTS.map((l) => layoutLabel(l).key)).toEqual(['intake.layout.moodle', 'intake.layout.canvas', 'intake.layout.classroom', 'intake.layout.folders', 'intake.layout.single']);
  });
});
