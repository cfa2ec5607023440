/**
 * A small expansion step for hand-written .wat kernels: it inlines the module's helper functions into their
 * callers and hoists the SIMD constants of every loop out of it, so the text can say `(call $exp …)` once per
 * use while the assembled loops contain no call at all.
 *
 * Why: V8 (Node 20) neither inlines wasm calls (a `call` per vector costs ≈ 8 cycles) nor hoists loop-invariant
 * code, and it materializes every non-trivial `v128.const` with three instructions each time the loop body
 * reaches it. A helper written once and expanded here keeps the .wat readable without hand copies.
 *
 * The rules, checked rather than assumed:
 * - A helper is a `func` without an `(export …)`; every `(call $helper args…)` in any function becomes
 *   `(block (result T) (local.set $helper.K.param arg)… body…)`, its params and locals renamed with a per-call
 *   suffix K and declared in the caller. Helpers may call helpers; recursion is an error. The helpers
 *   themselves are then dropped from the module (nothing may refer to them by index).
 * - A run of consecutive statements `(local.set|v128.store pure-operands… (call $h …))` calling the same helper
 *   (an unrolled loop's vectors) is inlined in lockstep instead: the helper's statements interleaved across the
 *   copies (see `expandStatements`). A helper whose body is statements then a result can be run so.
 * - A helper may not read a local before writing it (an inlined local is not re-zeroed on every call, as a
 *   real call's locals are) and may not `return` or branch out of itself.
 * - With `hoist` (default 'local'), each distinct `v128.const` inside a `loop` becomes a mutable global
 *   `$const.I`, copied into a local at the top of its function: a local set to a constant is the constant again
 *   to V8, a global is not.
 */

/** An S-expression: an atom (keyword, `$name`, number, string) or a parenthesized list. */
export type SExpr = string | SExpr[];

/** Parses wat text into its top-level S-expressions (comments dropped). */
export function parseWat(text: string): SExpr[] {
  const stack: SExpr[][] = [[]];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ';' && text[i + 1] === ';') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end + 1;
    } else if (c === '(' && text[i + 1] === ';') {
      const end = text.indexOf(';)', i + 2);
      if (end < 0) throw new Error('wat-inline: unterminated block comment');
      i = end + 2;
    } else if (c === '(') {
      const list: SExpr[] = [];
      stack[stack.length - 1]!.push(list);
      stack.push(list);
      i++;
    } else if (c === ')') {
      if (stack.length === 1) throw new Error(`wat-inline: unbalanced ')' at offset ${i}`);
      stack.pop();
      i++;
    } else if (/\s/.test(c)) {
      i++;
    } else if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      stack[stack.length - 1]!.push(text.slice(i, j + 1));
      i = j + 1;
    } else {
      let j = i;
      while (j < text.length && !/[\s()]/.test(text[j]!) && !(text[j] === ';' && text[j + 1] === ';')) j++;
      stack[stack.length - 1]!.push(text.slice(i, j));
      i = j;
    }
  }
  if (stack.length !== 1) throw new Error("wat-inline: unbalanced '('");
  return stack[0]!;
}

/** Prints S-expressions back as wat, one top-level field per line. */
export function printWat(exprs: readonly SExpr[]): string {
  const show = (e: SExpr): string => (typeof e === 'string' ? e : `(${e.map(show).join(' ')})`);
  return exprs
    .map((e) =>
      typeof e === 'string' || e[0] !== 'module'
        ? show(e)
        : `(module\n${e
            .slice(1)
            .map((f) => `  ${show(f)}`)
            .join('\n')}\n)`,
    )
    .join('\n');
}

const isList = (e: SExpr): e is SExpr[] => typeof e !== 'string';
const head = (e: SExpr): string | undefined => (isList(e) && typeof e[0] === 'string' ? e[0] : undefined);

/** A function's parts: name, header fields (export, params, result, locals) and body instructions. */
interface Func {
  /** The $name, else the export name (for messages). */
  name: string;
  named: boolean;
  exported: boolean;
  params: [string, string][];
  result: string | null;
  locals: [string, string][];
  header: SExpr[];
  body: SExpr[];
}

/** Instructions whose operands after the label and block type are a list of statements. */
const STATEMENT_LISTS = new Set(['block', 'loop']);

/** Index of the first body instruction of a block or loop: after its optional $label and (result …)/(type …). */
function bodyStart(e: SExpr[]): number {
  let k = 1;
  if (typeof e[k] === 'string' && (e[k] as string).startsWith('$')) k++;
  while (k < e.length && (head(e[k]!) === 'result' || head(e[k]!) === 'type' || head(e[k]!) === 'param')) k++;
  return k;
}

const HEADER = new Set(['export', 'param', 'result', 'local', 'type']);

function splitFunc(f: SExpr[]): Func {
  const named = typeof f[1] === 'string' && f[1].startsWith('$');
  let k = named ? 2 : 1;
  let name = named ? (f[1] as string) : '';
  const header: SExpr[] = [];
  const params: [string, string][] = [];
  const locals: [string, string][] = [];
  let result: string | null = null;
  let exported = false;
  while (k < f.length && HEADER.has(head(f[k]!) ?? '')) {
    const field = f[k] as SExpr[];
    header.push(field);
    const kind = field[0];
    if (kind === 'export') {
      exported = true;
      if (name === '') name = field[1] as string;
    } else if (kind === 'result') result = field[1] as string;
    else if (kind === 'param' || kind === 'local') {
      if (field.length !== 3 || !(field[1] as string).startsWith('$')) {
        throw new Error(`wat-inline: ${name}: write one named ${kind} per (${kind} $name type)`);
      }
      (kind === 'param' ? params : locals).push([field[1] as string, field[2] as string]);
    }
    k++;
  }
  if (name === '') throw new Error('wat-inline: a func without a $name must be exported');
  return { name, named, exported, params, result, locals, header, body: f.slice(k) };
}

/** Deep copy of `e` with every local name in `rename` replaced. */
function renameLocals(e: SExpr, rename: Map<string, string>): SExpr {
  if (!isList(e)) return e;
  const h = head(e);
  const out = e.map((c) => renameLocals(c, rename));
  if ((h === 'local.get' || h === 'local.set' || h === 'local.tee') && typeof e[1] === 'string') {
    out[1] = rename.get(e[1]) ?? e[1];
  }
  return out;
}

/** Throws unless every local of `f` is written before it is read (evaluation order: operands first). */
function checkWrittenBeforeRead(f: Func): void {
  const written = new Set(f.params.map(([n]) => n));
  const walk = (e: SExpr): void => {
    if (!isList(e)) return;
    const h = head(e);
    if (h === 'return' || h === 'br' || h === 'br_if' || h === 'br_table') {
      throw new Error(`wat-inline: helper ${f.name} may not use ${h} (it is inlined as a block)`);
    }
    for (const c of e.slice(1)) walk(c);
    if (h === 'local.get' && !written.has(e[1] as string)) {
      throw new Error(`wat-inline: helper ${f.name} reads ${e[1] as string} before writing it`);
    }
    if (h === 'local.set' || h === 'local.tee') written.add(e[1] as string);
  };
  for (const e of f.body) walk(e);
}

/** Options of `expandWat`. */
export interface ExpandOptions {
  /**
   * What becomes of each loop's `v128.const`s: 'none' leaves them; 'global' reads each from a mutable global
   * (one load where V8 otherwise rebuilds the constant with three instructions); 'local' copies those globals
   * into locals before the loop. Default 'local'.
   */
  hoist?: 'none' | 'global' | 'local';
}

/** Inlines the helpers of a wat module (and hoists loop constants); see the file comment. */
export function expandWat(text: string, options: ExpandOptions = {}): string {
  const hoist = options.hoist ?? 'local';
  const top = parseWat(text);
  const module = top.find((e) => head(e) === 'module') as SExpr[] | undefined;
  if (module === undefined) throw new Error('wat-inline: no (module …)');
  const helpers = new Map<string, Func>();
  for (const field of module) {
    if (head(field) !== 'func') continue;
    const f = splitFunc(field as SExpr[]);
    if (!f.exported) {
      if (f.result === null) throw new Error(`wat-inline: helper ${f.name} must return a value`);
      checkWrittenBeforeRead(f);
      helpers.set(f.name, f);
    }
  }
  const fields: SExpr[] = [];
  const globals = new Map<string, string>();
  const globalFields: SExpr[] = [];
  for (const field of module.slice(1)) {
    if (head(field) !== 'func') {
      fields.push(field);
      continue;
    }
    const f = splitFunc(field as SExpr[]);
    if (!f.exported) continue;
    const extraLocals: SExpr[] = [];
    const counts = new Map<string, number>();
    /** Declares fresh locals for one inlined copy of `callee` and returns the renaming. */
    const instantiate = (callee: Func, active: readonly string[]): Map<string, string> => {
      if (active.includes(callee.name)) throw new Error(`wat-inline: recursive helper ${callee.name}`);
      const k = (counts.get(callee.name) ?? 0) + 1;
      counts.set(callee.name, k);
      const rename = new Map<string, string>();
      for (const [n, type] of [...callee.params, ...callee.locals]) {
        const renamed = `${callee.name}.${k}.${n.slice(1)}`;
        rename.set(n, renamed);
        extraLocals.push(['local', renamed, type]);
      }
      return rename;
    };
    const argsOf = (call: SExpr[], callee: Func): SExpr[] => {
      const actual = call.slice(2);
      if (actual.length !== callee.params.length) throw new Error(`wat-inline: ${callee.name} takes ${callee.params.length} arguments`);
      return actual;
    };
    /** An expression with every helper call replaced by a block of its inlined body. */
    const expand = (e: SExpr, active: readonly string[]): SExpr => {
      if (!isList(e)) return e;
      if (STATEMENT_LISTS.has(head(e) ?? '')) return [...e.slice(0, bodyStart(e)), ...expandStatements(e.slice(bodyStart(e)), active)];
      const args = e.map((c) => expand(c, active));
      const callee = head(e) === 'call' ? helpers.get(e[1] as string) : undefined;
      if (callee === undefined) return args;
      const rename = instantiate(callee, active);
      const sets = callee.params.map(([n], i): SExpr => ['local.set', rename.get(n)!, argsOf(args, callee)[i]!]);
      const body = callee.body.map((b) => expand(renameLocals(b, rename), [...active, callee.name]));
      return ['block', ['result', callee.result!], ...sets, ...body];
    };
    /**
     * A statement list with each run of consecutive statements `(local.set|v128.store pure… (call $h arg…))`
     * calling the same helper inlined in lockstep: every copy's arguments, then the helper's first statement
     * for every copy, then its second, …, then each copy's own statement on the helper's result. Independent
     * dependency chains then sit next to each other in the code, where the out-of-order core overlaps them
     * (V8 does not reorder instructions itself). The copies' loads all happen before their stores: the
     * kernels' in-place calls use identical input and output addresses, for which that changes nothing.
     */
    const expandStatements = (stmts: readonly SExpr[], active: readonly string[]): SExpr[] => {
      const out: SExpr[] = [];
      for (let i = 0; i < stmts.length; ) {
        const callee = lockstepCallee(stmts[i]!);
        let j = i + 1;
        if (callee !== undefined) while (j < stmts.length && lockstepCallee(stmts[j]!) === callee) j++;
        if (callee === undefined) {
          out.push(expand(stmts[i]!, active));
        } else {
          const run = stmts.slice(i, j) as SExpr[][];
          const renames = run.map(() => instantiate(callee, active));
          run.forEach((stmt, c) => {
            const args = argsOf(stmt[stmt.length - 1] as SExpr[], callee).map((arg) => expand(arg, active));
            callee.params.forEach(([n], p) => out.push(['local.set', renames[c]!.get(n)!, args[p]!]));
          });
          const inner = [...active, callee.name];
          for (let s = 0; s < callee.body.length - 1; s++) {
            out.push(
              ...expandStatements(
                renames.map((r) => renameLocals(callee.body[s]!, r)),
                inner,
              ),
            );
          }
          run.forEach((stmt, c) => {
            const result = expand(renameLocals(callee.body[callee.body.length - 1]!, renames[c]!), inner);
            out.push([...stmt.slice(0, -1), result]);
          });
        }
        i = j;
      }
      return out;
    };
    /** The helper a statement may be inlined in lockstep with its neighbours, if it has that form. */
    const lockstepCallee = (stmt: SExpr): Func | undefined => {
      if (!isList(stmt) || (head(stmt) !== 'local.set' && head(stmt) !== 'v128.store')) return undefined;
      const call = stmt[stmt.length - 1]!;
      if (head(call) !== 'call') return undefined;
      const callee = helpers.get((call as SExpr[])[1] as string);
      if (callee === undefined || !callee.body.slice(0, -1).every((b) => head(b) === 'local.set')) return undefined;
      // The other operands are evaluated after the call once inlined in lockstep: only pure ones may move.
      const pure = stmt.slice(1, -1).every((o) => typeof o === 'string' || head(o) === 'local.get' || head(o) === 'i32.const');
      return pure ? callee : undefined;
    };
    let body = expandStatements(f.body, [f.name]);
    if (hoist !== 'none') {
      const consts = new Map<string, string>();
      const sets: SExpr[] = [];
      const lift = (e: SExpr, inLoop: boolean): SExpr => {
        if (!isList(e)) return e;
        if (inLoop && head(e) === 'v128.const') {
          const key = e.join(' ');
          let local = consts.get(key);
          if (local === undefined) {
            let global = globals.get(key);
            if (global === undefined) {
              global = `$const.${globals.size}`;
              globals.set(key, global);
              globalFields.push(['global', global, ['mut', 'v128'], e]);
            }
            local = hoist === 'local' ? `${global}.local` : global;
            consts.set(key, local);
            if (hoist === 'local') {
              extraLocals.push(['local', local, 'v128']);
              sets.push(['local.set', local, ['global.get', global]]);
            }
          }
          return hoist === 'local' ? ['local.get', local] : ['global.get', local];
        }
        const loop = inLoop || head(e) === 'loop';
        return e.map((c) => lift(c, loop));
      };
      body = body.map((b) => lift(b, false));
      body = [...sets, ...body];
    }
    fields.push(['func', ...(f.named ? [f.name] : []), ...f.header, ...extraLocals, ...body]);
  }
  // Globals after the imports and memory (wasm text wants imports first), before the functions.
  const funcs = fields.filter((e) => head(e) === 'func');
  return printWat([['module', ...fields.filter((e) => head(e) !== 'func'), ...globalFields, ...funcs]]);
}
