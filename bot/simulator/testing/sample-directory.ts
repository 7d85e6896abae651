import type { SimDirectoryInput } from '../state/directory.schemas.ts';

/** A small corp for specs: root → sales (east, north) and ops; one member has left. */
export function sampleDirectory(): SimDirectoryInput {
  return {
    departments: [
      { id: 1, name: '示例科技', parentid: 0, order: 100000000 },
      { id: 2, name: '销售部', parentid: 1, order: 100 },
      { id: 3, name: '华东销售组', parentid: 2, order: 50 },
      { id: 4, name: '华北销售组', parentid: 2, order: 60 },
      { id: 5, name: '运营部', parentid: 1, order: 90 },
    ],
    users: [
      { userid: 'boss', name: '王总', department: [1], main_department: 1, position: '总经理', status: 1 },
      { userid: 'zhangsan', name: '张三', department: [3], main_department: 3, position: '销售', status: 1 },
      { userid: 'lisi', name: '李四', department: [3, 5], main_department: 3, status: 1 },
      { userid: 'wangwu', name: '王五', department: [4], main_department: 4, position: '销售经理', status: 1 },
      { userid: 'zhaoliu', name: '赵六', department: [4], main_department: 4, status: 5 },
    ],
  };
}
