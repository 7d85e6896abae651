export default definePageConfig({
  navigationBarTitleText: '商机阶段设置'
})
