export default definePageConfig({
  navigationBarTitleText: '客户助手'
})
