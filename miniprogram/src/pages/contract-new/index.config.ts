export default definePageConfig({
  navigationBarTitleText: '新建合同'
})
